import ChildProcesses
import Foundation
import Logging
import SchedulerCore
import Synchronization

/// Runs the centre's notifier command (`schedd --mail-command`) for the core's mail notices, as Slurm runs its
/// MailProg: `COMMAND -s SUBJECT RECIPIENT`, with the notice's variables as its whole environment (and a standard
/// PATH), standard input and output empty. docs/SLURM.md lists the variables.
///
/// It never blocks the scheduler: commands run in the background, at most `concurrency` at once (the rest wait
/// their turn, in order), and one that runs longer than `timeout` is killed. A failure is logged and not retried:
/// mail is best effort and no job's state depends on it (a notice is handed over only after its transitions were
/// committed, so nobody is told of a change a crash could undo; a crash before the command runs loses the mail).
final class MailNotifier: Sendable {
    let command: String
    private let logger: Logger
    private let concurrency: Int
    private let timeout: Double
    private let queue = Mutex(Queue())

    private struct Queue {
        var waiting: [MailNotice] = []
        var running = 0
    }

    /// What the command finds on PATH, since it gets no other variable of schedd's.
    static let path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    /// Slurm's MAIL_PROG_TIMEOUT.
    static let defaultTimeout = 120.0

    init(command: String, logger: Logger, concurrency: Int = 4, timeout: Double = MailNotifier.defaultTimeout) {
        self.command = command
        self.logger = logger
        self.concurrency = max(1, concurrency)
        self.timeout = timeout
    }

    /// Why `path` cannot be the notifier command, or nil: checked at start-up, so a typo stops schedd with a message
    /// instead of losing every mail.
    static func problem(with path: String) -> String? {
        guard path.hasPrefix("/") else { return "--mail-command \(path) is not an absolute path; give the command's full path" }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return "--mail-command \(path) does not exist; give the path of an executable (e.g. /usr/bin/mail)"
        }
        guard FileManager.default.isExecutableFile(atPath: path) else {
            return "--mail-command \(path) is not executable by schedd's user; chmod +x it or give another command"
        }
        return nil
    }

    func send(_ notice: MailNotice) {
        let startNow = queue.withLock { queue in
            guard queue.running < concurrency else {
                queue.waiting.append(notice)
                return false
            }
            queue.running += 1
            return true
        }
        if startNow { DispatchQueue.global().async { self.run(notice) } }
    }

    /// One command ended: the next waiting notice takes its place.
    private func finished() {
        let next = queue.withLock { queue -> MailNotice? in
            guard !queue.waiting.isEmpty else {
                queue.running -= 1
                return nil
            }
            return queue.waiting.removeFirst()
        }
        if let next { run(next) }
    }

    private func run(_ notice: MailNotice) {
        let environment = notice.environment.merging(["PATH": Self.path]) { own, _ in own }.map { "\($0.key)=\($0.value)" }
        var errors: [Int32] = [0, 0]
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        guard null >= 0, pipe(&errors) == 0 else {
            if null >= 0 { close(null) }
            logger.warning("mail for job \(notice.job) (\(notice.event.rawValue)) not sent: \(String(cString: strerror(errno)))")
            return finished()
        }
        for fd in errors { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let pid: pid_t
        do {
            defer { close(null); close(errors[1]) } // the child has its copies
            pid = try ChildProcess.spawn([command, "-s", notice.subject, notice.recipient], stdin: null, stdout: null,
                                         stderr: errors[1], environment: environment)
        } catch {
            close(errors[0])
            logger.warning("mail for job \(notice.job) (\(notice.event.rawValue)) not sent: \(error)")
            return finished()
        }
        let output = CommandOutput()
        let child = Child(pid: pid)
        let reader = errors[0]
        // Its standard error is read to the end on a thread, then the command is reaped on another (ChildProcess).
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 4_096)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(reader, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { break }
                output.append(Data(buffer[0..<n]))
            }
            close(reader)
        }
        ChildProcess.whenEnded(child) { status in
            output.finish()
            self.report(notice, status.signal != 0, status.signal != 0 ? status.signal : status.exitCode, output.text)
            self.finished()
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [logger, timeout] in
            guard !output.isFinished else { return }
            logger.warning("mail command for job \(notice.job) still running after \(Int(timeout)) s; killed")
            child.signal(SIGKILL)
        }
    }

    private func report(_ notice: MailNotice, _ signalled: Bool, _ status: Int32, _ errors: String) {
        let what = "mail for job \(notice.job) (\(notice.event.rawValue)) to \(notice.recipient)"
        guard signalled || status != 0 else {
            logger.debug("\(what) handed to \(command)")
            return
        }
        let how = signalled ? "was killed by signal \(status)" : "exited with status \(status)"
        logger.warning("\(what): \(command) \(how)\(errors.isEmpty ? "" : ": \(errors)")")
    }
}

/// The start of a command's standard error (enough to log why it failed), and whether it has ended.
private final class CommandOutput: Sendable {
    private let state = Mutex((bytes: [UInt8](), finished: false))
    static let kept = 2_000

    func append(_ data: Data) {
        state.withLock { state in
            let room = Self.kept - state.bytes.count
            if room > 0 { state.bytes += data.prefix(room) }
        }
    }

    func finish() { state.withLock { $0.finished = true } }

    var isFinished: Bool { state.withLock { $0.finished } }

    var text: String {
        state.withLock { String(decoding: $0.bytes, as: UTF8.self) }.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
