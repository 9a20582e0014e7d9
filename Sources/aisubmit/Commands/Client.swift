import AischedClient
import ArgumentParser
import Foundation

/// Opens a connection for one command, runs `body`, and turns failures into a one-line message and exit 1.
enum Client {
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func call<T: Sendable>(_ options: ConnectionOptions, _ body: (RPCConnection) async throws -> T) async throws -> T {
        try await call(options.flags, body)
    }

    static func call<T: Sendable>(_ flags: ConnectionFlags, _ body: (RPCConnection) async throws -> T) async throws -> T {
        do {
            let rpc = try await ConnectionOptions.connect(flags)
            defer { Task { await rpc.close() } }
            return try await body(rpc)
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            FileHandle.standardError.write(Data("aisubmit: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
