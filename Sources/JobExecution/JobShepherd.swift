import ChildProcesses
import Foundation
import Glibc

/// The first process of a job's part on a node (as slurmstepd): it starts the job in a session of its own, stays
/// outside it, forwards the agent's signals to the job's process group, and writes how the job ended to a file.
///
/// Why a process between the agent and the job: the agent may die or be restarted (upgrade, crash, OOM) while jobs
/// run. The job then keeps running, and the shepherd still reaps it and records its exit status, which the
/// restarted agent reports to schedd. Without it, the job's exit status would be lost with the agent (only a parent
/// can wait for a process), and schedd would have to count the job as failed.
///
/// The shepherd holds no descriptor of the agent (ChildProcess starts it with only the standard three, so the
/// agent's connection to schedd closes when the agent dies) and never runs the job's code: it spawns `jobCommand`
/// (the wrapper that becomes the job) and waits.
public enum JobShepherd {
    /// Signals the shepherd passes on to the job's process group. The agent's SIGTERM, warnings (`--signal`) and
    /// interrupts go through it when the agent does not know the job's pid yet.
    static let forwarded: [Int32] = [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGCONT]

    /// Runs the shepherd for `spec` and exits with the job's status; `jobCommand` is the program and arguments that
    /// become the job (`nodeagent exec-job --become SPEC`).
    public static func run(_ spec: ExecSpec, jobCommand: [String]) -> Never {
        var waited = sigset_t()
        sigemptyset(&waited)
        for number in forwarded + [SIGCHLD] { sigaddset(&waited, number) }
        // SIGCHLD must not be ignored (children would be reaped by the kernel and their status lost).
        signal(SIGCHLD, SIG_DFL)
        sigprocmask(SIG_BLOCK, &waited, nil)

        let pid: pid_t
        do {
            // A session of its own: its pid is the job's process group, which the agent signals.
            pid = try ChildProcess.spawn(jobCommand, stdin: 0, stdout: 1, stderr: 2, newSession: true)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(ExitStatusFile.launchFailureStatus)
        }
        if let pidFile = spec.jobPidFile { try? AtomicFile.write("\(pid)\n", to: pidFile) }
        let (code, signal) = wait(for: pid, forwarding: waited)
        if let exitFile = spec.exitStatusFile { try? ExitStatusFile.write(exitCode: code, signal: signal, to: exitFile) }
        exit(signal != 0 ? 128 + signal : code)
    }

    /// Waits for the job, passing every other signal in `set` on to its process group.
    private static func wait(for pid: pid_t, forwarding set: sigset_t) -> (Int32, Int32) {
        var set = set
        while true {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                let ended = ChildProcess.Status(waitStatus: status)
                return (ended.exitCode, ended.signal)
            }
            var info = siginfo_t()
            let number = sigwaitinfo(&set, &info)
            if number > 0, number != SIGCHLD { kill(-pid, number) }
        }
    }
}

/// How a job ended, as its shepherd wrote it: "EXITCODE SIGNAL\n".
public enum ExitStatusFile {
    /// The wrapper's exit status when it could not turn itself into the job (the reason is on its standard error).
    public static let launchFailureStatus: Int32 = 222

    public static func write(exitCode: Int32, signal: Int32, to path: String) throws {
        try AtomicFile.write("\(exitCode) \(signal)\n", to: path)
    }

    /// The job's exit code (128 + signal when killed) and signal, or nil if the shepherd wrote none.
    public static func read(_ path: String) -> (exitCode: Int32, signal: Int32)? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let fields = text.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
        guard fields.count == 2 else { return nil }
        return (fields[0], fields[1])
    }
}

/// Small state files written whole or not at all (a crash mid-write must not leave half a pid).
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ExecutionError("cannot write \(path): \(String(cString: strerror(errno)))") }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == bytes.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw ExecutionError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
