import Foundation
import Glibc
import Synchronization

/// Starting child processes (a job's shepherd and step tasks, schedd's mail command) with posix_spawn rather than
/// Foundation's `Process`.
///
/// Why: `Process` hands every child one end of a socket pair and learns of its exit when that socket closes, so the
/// child must keep it open, and with it every job would hold a descriptor of the agent (and a wrapper that closes
/// inherited descriptors, as ours must, would look to `Process` like a child that exited, and never be reaped).
/// Its pipes' `readabilityHandler` also crashed schedd's dispatch manager thread now and then (a child that ends
/// while its handler is torn down). Here the child gets exactly the three standard streams, and a thread of its own
/// waits for it.
public enum ChildProcess {
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    /// glibc's posix_spawn_file_actions_addclosefrom_np (2.34+), which Swift's Glibc module does not import.
    private static let addCloseFrom: AddCloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: AddCloseFrom.self) }

    /// Starts `argv` (argv[0] is the program's path) with the given descriptors as its standard streams, every
    /// signal unblocked and at its default, and, with `newSession`, in a session (and process group) of its own.
    /// `environment` ("NAME=value" entries) replaces this process's own when given.
    public static func spawn(_ argv: [String], stdin: Int32, stdout: Int32, stderr: Int32,
                             newSession: Bool = false, environment: [String]? = nil) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (source, target) in [(stdin, Int32(0)), (stdout, 1), (stderr, 2)] {
            posix_spawn_file_actions_adddup2(&actions, source, target)
        }
        // Nothing else reaches the child, not even what this process inherited without close-on-exec (an agent
        // started by a test runner or a shell holds their pipes: a long-lived shepherd would keep them open).
        _ = addCloseFrom?(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        let setsid: Int32 = 0x80 // POSIX_SPAWN_SETSID (glibc ≥ 2.26), not imported into Swift
        let flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF) | (newSession ? setsid : 0)
        posix_spawnattr_setflags(&attributes, Int16(flags))
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for arg in cArgs { free(arg) } }
        var cEnvironment = environment.map { $0.map { strdup($0) } + [nil] }
        defer { for entry in cEnvironment ?? [] { free(entry) } }
        var pid: pid_t = 0
        let result: Int32
        if cEnvironment != nil {
            result = posix_spawn(&pid, argv[0], &actions, &attributes, &cArgs, &cEnvironment!)
        } else {
            result = posix_spawn(&pid, argv[0], &actions, &attributes, &cArgs, environ)
        }
        guard result == 0 else { throw SpawnError(program: argv[0], code: result) }
        return pid
    }

    /// How a child ended: its exit code (128 + signal when a signal ended it) and the signal (0 if none).
    public struct Status: Sendable, Equatable {
        public var exitCode: Int32
        public var signal: Int32

        public init(waitStatus status: Int32) {
            // WIFSIGNALED / WTERMSIG / WEXITSTATUS, which Swift does not import as functions.
            let termsig = status & 0x7f
            if termsig != 0 && termsig != 0x7f {
                (exitCode, signal) = (128 + termsig, termsig)
            } else {
                (exitCode, signal) = ((status >> 8) & 0xff, 0)
            }
        }
    }

    /// Waits for `child` on a thread of its own, reaps it and calls `onExit`.
    public static func whenEnded(_ child: Child, _ onExit: @escaping @Sendable (Status) -> Void) {
        Thread.detachNewThread { onExit(child.waitAndReap()) }
    }
}

/// A spawned process that is signalled only while it is still this process's unreaped child: once reaped, its pid
/// (and process group id) may be another process's, and a late signal would hit a stranger.
public final class Child: Sendable {
    public let pid: pid_t
    private let alive = Mutex(true)

    public init(pid: pid_t) { self.pid = pid }

    /// Sends `signal` to the child (`group`: to its process group) if it has not been reaped; false if it has.
    @discardableResult
    public func signal(_ signal: Int32, group: Bool = false) -> Bool {
        alive.withLock { alive in
            guard alive else { return false }
            Glibc.kill(group ? -pid : pid, signal)
            return true
        }
    }

    /// Runs `body` while the child cannot be reaped (so pids it holds, like a job's process group that it waits for,
    /// are still theirs); false without running it once the child is gone.
    @discardableResult
    public func whileAlive(_ body: () -> Void) -> Bool {
        alive.withLock { alive in
            guard alive else { return false }
            body()
            return true
        }
    }

    /// Blocks until the child has ended, then reaps it under the lock that signals take.
    fileprivate func waitAndReap() -> ChildProcess.Status {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0, errno == EINTR {}
        return alive.withLock { alive in
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, 0)
            alive = false
            // Not ours to wait for (someone else reaped it): counted as killed.
            return ChildProcess.Status(waitStatus: reaped == pid ? status : 0x09)
        }
    }
}

/// posix_spawn failed: the program could not be started (not found, not executable, out of processes).
public struct SpawnError: Error, CustomStringConvertible, Sendable {
    public var program: String
    public var code: Int32
    public var description: String { "cannot start \(program): \(String(cString: strerror(code)))" }
}
