import Foundation
import Glibc
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
        let fd = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard ioctl(fd, setLock, &unlock) == 0, ioctl(fd, getNumber, &number) == 0 else { return false }
        return access("/dev/pts/\(number)", R_OK | W_OK) == 0
    }()

    /// TIOCSPTLCK and TIOCGPTN, which Swift cannot import (they are function-like macros).
    private static let setLock: UInt = 0x4004_5431
    private static let getNumber: UInt = 0x8004_5430

    init(_ executable: String, _ arguments: [String], environment: [String: String], directory: String,
         rows: UInt16, cols: UInt16) throws {
        primary = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard primary >= 0, ioctl(primary, Self.setLock, &unlock) == 0, ioctl(primary, Self.getNumber, &number) == 0 else {
            throw TestFailure("no pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        let replica = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        guard replica >= 0 else { throw TestFailure("cannot open /dev/pts/\(number)") }
        var size = winsize(ws_row: rows, ws_col: cols, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(replica, UInt(TIOCSWINSZ), &size)
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
