import Foundation
import Glibc
import JobExecution
import Synchronization

/// Runs a program on a pseudo-terminal of its own, as a person at a terminal would: keys are written to the
/// terminal, what the program shows is collected and waited for.
final class TerminalDriver: Sendable {
    let process: Process
    private let primary: Int32
    private let screen = Screen()

    /// What the program has shown so far (a class, so the reader thread can hold it).
    private final class Screen: Sendable {
        let text = Mutex("")
    }

    /// Whether this machine gives out pseudo-terminals (/dev/ptmx backed by a mounted devpts), as the tests need.
    static let available: Bool = {
        guard let terminal = try? PseudoTerminal.open(rows: 0, cols: 0, owner: "") else { return false }
        terminal.close()
        return true
    }()

    init(_ executable: String, _ arguments: [String], environment: [String: String], directory: String,
         rows: UInt16, cols: UInt16) throws {
        // The agent's own terminal maker, so the test's terminal is the kind the agent gives a task.
        let terminal = try PseudoTerminal.open(rows: UInt32(rows), cols: UInt32(cols), owner: "")
        primary = terminal.primary
        let replica = terminal.replica
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let side = FileHandle(fileDescriptor: replica, closeOnDealloc: true)
        (process.standardInput, process.standardOutput, process.standardError) = (side, side, side)
        try process.run()
        close(replica)
        let fd = primary
        Thread.detachNewThread { [screen] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { break }
                let text = String(decoding: buffer[0..<n], as: UTF8.self)
                screen.text.withLock { $0 += text }
            }
        }
    }

    var shown: String { screen.text.withLock { $0 } }

    func type(_ keys: String) {
        let bytes = Array(keys.utf8)
        _ = bytes.withUnsafeBytes { write(primary, $0.baseAddress, $0.count) }
    }

    /// Waits until the screen shows `text` (after `after` characters), up to `timeout` seconds.
    func waitFor(_ text: String, after offset: Int = 0, timeout: Double = 30) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let shown = self.shown
            if shown.count > offset, shown.dropFirst(offset).contains(text) { return true }
            usleep(50_000)
        }
        return false
    }

    /// The exit status, or nil if the program is still running after `timeout` seconds.
    func waitExit(timeout: Double = 30) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    func stop() {
        if process.isRunning { process.terminate() }
        close(primary)
    }
}
