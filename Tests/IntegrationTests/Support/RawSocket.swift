import Foundation
import Glibc

/// A plain TCP socket for sending schedd bytes no real client would: connect, write, read what comes back
/// until the server closes or `timeoutSeconds` pass without a byte.
enum RawSocket {
    /// `complete`: the bytes so far make a whole answer, stop reading (for servers that keep the connection open).
    static func exchange(host: String, port: Int, bytes: [UInt8], timeoutSeconds: Int = 1,
                         complete: ([UInt8]) -> Bool = { _ in false }) throws -> [UInt8] {
        let fd = try open(host: host, port: port)
        defer { close(fd) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { break }
            received += chunk[0..<n]
            if complete(received) { break }
        }
        return received
    }

    /// A connected TCP socket, nothing sent yet (held as is, it is an idle client).
    static func open(host: String, port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket() failed: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw TestFailure("cannot connect to \(host):\(port)")
        }
        return fd
    }
}
