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
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw DiscoveryError.commandFailed(command: command, status: -1, stderr: error.localizedDescription)
        }
        let watchdog = Watchdog(process: process)
        DispatchQueue.global().asyncAfter(deadline: .now() + timeoutSeconds) { watchdog.fire() }
        // Drain stderr on another thread: a full pipe would block the child and look like a hang.
        let errorText = Collected()
        let drained = DispatchGroup()
        DispatchQueue.global().async(group: drained) { errorText.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        drained.wait()
        if watchdog.disarm() {
            throw DiscoveryError.commandTimedOut(command: command, seconds: timeoutSeconds)
        }
        guard process.terminationStatus == 0 else {
            throw DiscoveryError.commandFailed(command: command, status: process.terminationStatus,
                                               stderr: String(decoding: errorText.get(), as: UTF8.self))
        }
        return data
    }

    /// First executable `name` on `PATH`.
    static func find(_ name: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        let directories = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// Terminates the process when fired unless disarmed first; reports whether it fired.
private final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private let process: Process
    private var armed = true
    private var fired = false

    init(process: Process) {
        self.process = process
    }

    func fire() {
        lock.lock()
        defer { lock.unlock() }
        guard armed, process.isRunning else { return }
        fired = true
        process.terminate()
    }

    func disarm() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        armed = false
        return fired
    }
}

private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func set(_ value: Data) {
        lock.lock()
        data = value
        lock.unlock()
    }

    func get() -> Data {
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}
