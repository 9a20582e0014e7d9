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

/// A pipe whose read end is drained to EOF on a thread of its own, so a chatty child never blocks on a full pipe.
///
/// A blocking read, not `readabilityHandler`: on Linux the handler can see an empty read before the real end of
/// the output, which truncated nvidia-smi's XML.
private final class DrainedPipe: @unchecked Sendable {
    let pipe = Pipe()
    private let lock = NSLock()
    private var data = Data()
    private let closed = DispatchSemaphore(value: 0)

    init() {
        let handle = pipe.fileHandleForReading
        Thread.detachNewThread { [self] in
            let all = handle.readDataToEndOfFile()
            lock.lock()
            data = all
            lock.unlock()
            closed.signal()
        }
    }

    /// Everything read, once EOF came within `seconds` (empty otherwise: a grandchild may hold the pipe open).
    func finish(waitingUpTo seconds: Double) -> Data {
        _ = closed.wait(timeout: .now() + seconds)
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}
