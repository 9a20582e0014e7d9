import Foundation

/// Runs a helper program (nvidia-smi) and returns its standard output.
///
/// A wedged GPU driver can make nvidia-smi hang forever, so every run has a deadline
/// after which the process is terminated and a typed error is thrown.
struct CommandRunner: Sendable {
    var timeoutSeconds: Double

    func run(_ executable: String, _ arguments: [String]) throws(DiscoveryError) -> Data {
        let command = ([executable] + arguments).joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        // Pipes are drained as data arrives: a full pipe would block the child and look like a hang.
        let output = DrainedPipe()
        let errors = DrainedPipe()
        process.standardOutput = output.pipe
        process.standardError = errors.pipe
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw DiscoveryError.commandFailed(command: command, status: -1, stderr: error.localizedDescription)
        }
        if exited.wait(timeout: .now() + timeoutSeconds) == .timedOut {
            process.terminate()
            _ = exited.wait(timeout: .now() + 2)
            throw DiscoveryError.commandTimedOut(command: command, seconds: timeoutSeconds)
        }
        // Bounded: a leftover grandchild could hold the pipe open after the command exited.
        let data = output.finish(waitingUpTo: 2)
        let errorText = String(decoding: errors.finish(waitingUpTo: 2), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw DiscoveryError.commandFailed(command: command, status: process.terminationStatus, stderr: errorText)
        }
        return data
    }

    /// First executable `name` on `PATH`.
    static func find(_ name: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        let directories = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// A pipe whose read end is drained on Foundation's I/O threads until EOF.
private final class DrainedPipe: @unchecked Sendable {
    let pipe = Pipe()
    private let lock = NSLock()
    private var data = Data()
    private let closed = DispatchSemaphore(value: 0)

    init() {
        pipe.fileHandleForReading.readabilityHandler = { [self] handle in
            let chunk = handle.availableData
            if chunk.isEmpty {
                handle.readabilityHandler = nil
                closed.signal()
            } else {
                lock.lock()
                data.append(chunk)
                lock.unlock()
            }
        }
    }

    func finish(waitingUpTo seconds: Double) -> Data {
        _ = closed.wait(timeout: .now() + seconds)
        pipe.fileHandleForReading.readabilityHandler = nil
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}
