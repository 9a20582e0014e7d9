import ArgumentParser
import Foundation

/// The files schedd keeps in its state directory.
struct StateDirectory {
    let path: String

    var database: String { path + "/aisched.db" }
    var secret: String { path + "/cluster.secret" }
    /// Where a running schedd writes the address it listens on (useful with port 0).
    var addressFile: String { path + "/schedd.addr" }
    /// Where it writes the address of its /metrics listener, when it has one.
    var metricsAddressFile: String { path + "/metrics.addr" }
    var httpAddressFile: String { path + "/http.addr" }

    /// Creates the directory (owner-only) if it does not exist.
    func create() throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw ValidationError("cannot create the state directory \(path): \(error.localizedDescription)")
        }
    }
}

/// A `HOST:PORT` listen address (`[::1]:7100` for IPv6).
struct ListenAddress: ExpressibleByArgument {
    var host: String
    var port: Int

    init?(argument: String) {
        let host: Substring
        let port: Substring
        if argument.hasPrefix("["), let close = argument.firstIndex(of: "]") {
            host = argument[argument.index(after: argument.startIndex)..<close]
            port = argument[argument.index(after: close)...].dropFirst()
        } else if let colon = argument.lastIndex(of: ":") {
            host = argument[..<colon]
            port = argument[argument.index(after: colon)...]
        } else {
            return nil
        }
        guard !host.isEmpty, let number = Int(port), (0...65535).contains(number) else { return nil }
        self.host = String(host)
        self.port = number
    }
}
