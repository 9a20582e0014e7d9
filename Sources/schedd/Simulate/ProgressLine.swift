import Foundation
import SchedulerCore
import Simulation

/// `schedd simulate`'s progress on stderr while a replay runs (docs/SIMULATION.md). The replay reports where it
/// stands (`ReplayProgress`, no clock: the Simulation library is pure) and this adds the wall clock.
///
/// On a terminal it rewrites one line about once a second (carriage return); otherwise (CI, a file) it writes a
/// plain line every ten seconds, so a log of a long replay stays short. The line is wiped on a terminal when the
/// replay ends, because the summary line that follows says the same, finally. `--quiet` turns it off.
final class ProgressLine {
    private let label: String
    private let terminal: Bool
    private let every: Duration
    /// Unix seconds of the trace clock's zero when the trace says (SWF `UnixStartTime`): the virtual date is then a
    /// calendar date; otherwise it is the trace clock as days and time.
    private let epoch: Int?
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var lastShown: ContinuousClock.Instant
    private var showing = false

    init(label: String, terminal: Bool, epoch: Int?) {
        self.label = label
        self.terminal = terminal
        self.every = terminal ? .seconds(1) : .seconds(10)
        self.epoch = epoch
        started = clock.now
        lastShown = started
    }

    /// Whether stderr is a terminal (then the line is rewritten in place).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    func report(_ progress: ReplayProgress) {
        if progress.finished {
            if terminal && showing { write("\r\u{1B}[K") }
            return
        }
        let now = clock.now
        guard now - lastShown >= every else { return }
        lastShown = now
        showing = true
        let text = Self.render(progress, label: label, elapsed: now - started, epoch: epoch)
        // A line longer than the terminal would wrap, and the carriage return would then rewrite only its last row.
        write(terminal ? "\r" + String(text.prefix(Self.terminalColumns - 1)) + "\u{1B}[K" : text + "\n")
    }

    /// The terminal's width (stderr's), 80 when it does not say.
    private static var terminalColumns: Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 1 else { return 80 }
        return Int(size.ws_col)
    }

    /// One progress line, short enough for most terminals, e.g.
    /// `fifo: 12,345/39,207 jobs · 2007-01-23 04:05 · queue 1,234 · run 456 · 1,210/s · 0:10`: jobs handed to the core
    /// of all, the virtual date, jobs waiting and running, jobs handed per second of wall time, wall time elapsed.
    static func render(_ p: ReplayProgress, label: String, elapsed: Duration, epoch: Int?) -> String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(p.submitted) / seconds : 0
        let n = DigitGrouping.grouped as (Int) -> String
        return "\(label): \(n(p.submitted))/\(n(p.total)) jobs · \(virtualDate(p.now.milliseconds / 1000, epoch: epoch))"
            + " · queue \(n(p.pending)) · run \(n(p.running)) · \(n(Int(rate.rounded())))/s · \(clockText(Int(seconds)))"
    }

    private static func virtualDate(_ seconds: Int64, epoch: Int?) -> String {
        if let epoch {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd HH:mm"
            return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(Int64(epoch) + seconds)))
        }
        let day = seconds / 86_400, rest = seconds % 86_400
        return "day \(day) " + String(format: "%02d:%02d:%02d", rest / 3600, rest / 60 % 60, rest % 60)
    }

    private static func clockText(_ seconds: Int) -> String {
        seconds >= 3600 ? String(format: "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
            : String(format: "%d:%02d", seconds / 60, seconds % 60)
    }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
