import AischedClient
import Foundation
import Glibc
import SchedulerProtocol

/// The local side of an interactive task (`aisubmit run --pty`): the terminal in raw mode, so every key (Ctrl-C
/// too) goes to the remote terminal, which interprets it as a local one would; keystrokes, window size changes and
/// the end of input sent to the step; the terminal restored afterwards.
final class TerminalSession {
    private let saved: termios?
    private var resize: (any DispatchSourceSignal)?

    /// The window size of standard input's terminal, or nil when it is not one.
    static func windowSize() -> (rows: UInt32, cols: UInt32)? {
        var size = winsize()
        guard ioctl(0, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 else { return nil }
        return (UInt32(size.ws_row), UInt32(size.ws_col))
    }

    /// Starts forwarding; `job` is the allocation whose step reads the input.
    init(rpc: RPCConnection, job: UInt64) {
        var original = termios()
        if isatty(0) == 1, tcgetattr(0, &original) == 0 {
            saved = original
            var raw = original
            cfmakeraw(&raw)
            tcsetattr(0, TCSANOW, &raw)
        } else {
            saved = nil
        }
        @Sendable func post(_ change: (inout StepInput) -> Void) {
            var input = StepInput()
            input.jobID = job
            change(&input)
            rpc.post(.stepInput, input)
        }
        signal(SIGWINCH, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .global())
        source.setEventHandler {
            guard let size = Self.windowSize() else { return }
            post { $0.rows = size.rows; $0.cols = size.cols }
        }
        source.resume()
        resize = source
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { break }
                let bytes = Data(buffer[0..<n])
                post { $0.data = bytes }
            }
            post { $0.eof = true }
        }
    }

    /// Puts the terminal back as it was.
    func restore() {
        resize?.cancel()
        if var saved { tcsetattr(0, TCSANOW, &saved) }
    }
}
