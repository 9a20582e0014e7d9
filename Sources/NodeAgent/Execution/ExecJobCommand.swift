import ArgumentParser
import Foundation
import JobExecution
import Glibc

/// `nodeagent exec-job SPEC`: the shepherd of a job's part (`JobShepherd`), which starts
/// `nodeagent exec-job --become SPEC` and waits for it. `--become` turns itself into the job: own session, CPU and
/// memory binding, the job's user, working directory and output files, then `execve`. Step tasks are started with
/// `--become` directly: the agent waits for them itself (their output goes through it anyway).
///
/// Why a wrapper: affinity, NUMA policy, privileges and the session must be set *before* the job's first
/// instruction, which Foundation's `Process` cannot do between fork and exec. Everything set here is inherited
/// by the job and all its children.
///
/// Contract with the agent: until the exec, the wrapper's standard error is the part's failure file; if anything
/// fails it writes one line there and exits with `launchFailureStatus`. After a successful exec, standard
/// error is the job's own error file.
struct ExecJobCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec-job", abstract: "Internal: become a job (used by the agent).", shouldDisplay: false)

    static let launchFailureStatus: Int32 = ExitStatusFile.launchFailureStatus

    @Flag(help: "Become the job now, instead of shepherding it.")
    var become = false

    @Argument(help: "Job spec written by the agent.")
    var spec: String

    func run() throws {
        Self.execute(spec: spec, become: become)
    }

    /// The agent's own command lines, `exec-job SPEC` and `exec-job --become SPEC`, without ArgumentParser: the
    /// shepherd and the wrapper both start between a launch and the job's first instruction, and building the parser
    /// of every nodeagent subcommand cost each of them about 2 ms of CPU. Anything else goes to ArgumentParser.
    static func fastPath(_ arguments: [String]) -> (spec: String, become: Bool)? {
        guard arguments.count >= 2, arguments[0] == "exec-job" else { return nil }
        switch arguments.count {
        case 2 where !arguments[1].hasPrefix("-"): return (arguments[1], false)
        case 3 where arguments[1] == "--become" && !arguments[2].hasPrefix("-"): return (arguments[2], true)
        default: return nil
        }
    }

    static func execute(spec: String, become: Bool) -> Never {
        do {
            let job = try ExecSpec.load(spec)
            if become { try Self.become(job) }
            JobShepherd.run(job, jobCommand: ["/proc/self/exe", "exec-job", "--become", spec])
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            Glibc.exit(Self.launchFailureStatus)
        }
    }

    private static func become(_ job: ExecSpec) throws {
        try Self.startSession()
        if job.controllingTerminal == true, ioctl(0, UInt(TIOCSCTTY), 0) != 0 {
            throw ExecutionError("cannot make the pseudo-terminal the task's terminal: \(String(cString: strerror(errno)))")
        }
        if !job.cpus.isEmpty { try CPUAffinity.pin(to: job.cpus) }
        if !job.numaNodes.isEmpty { try CPUAffinity.bindMemory(to: job.numaNodes) }
        if let cgroup = job.cgroupPath { try CgroupV2.join(cgroup) } // while still privileged
        let account = try UserIdentity.become(job.user, minimumUID: job.minimumUID ?? UserIdentity.defaultMinimumUID)
        guard chdir(job.workdir) == 0 else {
            throw ExecutionError("working directory \(job.workdir) is not usable on this node: \(String(cString: strerror(errno)))")
        }
        var environment = account.baseEnvironment(path: job.defaultPath ?? UserIdentity.defaultPath)
        environment.merge(job.environment.compactMap(Self.pair), uniquingKeysWith: { _, new in new })
        let mode = Self.outputMode(umaskText: environment["SLURM_UMASK"])
        let streams = job.keepStandardStreams == true
        let truncate = job.truncateOutput == true
        let out = streams ? 1 : try openOutput(job.stdoutPath, truncate: truncate, mode: mode)
        let err = streams ? 2 : job.stderrPath == job.stdoutPath ? out : try openOutput(job.stderrPath, truncate: truncate, mode: mode)
        if let tools = job.toolsDirectory {
            environment["PATH"] = tools + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        }
        let program = try resolve(job.argv[0], path: environment["PATH"] ?? "/usr/bin:/bin")
        let envList = environment.map { "\($0.key)=\($0.value)" }.sorted()
        if !streams {
            dup2(open("/dev/null", O_RDONLY), 0)
            dup2(out, 1)
            dup2(err, 2) // from here on, errors go to the job's error file
        }
        Self.resetSignals()
        Self.closeOnExec()
        execve(program, job.argv, envList)
        throw ExecutionError("cannot execute \(program): \(String(cString: strerror(errno)))")
    }

    /// A session (and process group) of its own, with this pid as its id: the agent signals the whole job tree
    /// with kill(-pid), and a pty task can take its terminal. Foundation's `Process` starts its child as a process
    /// group leader, which may not call setsid(), so the wrapper first steps into its parent's group.
    static func startSession() throws {
        if getsid(0) == getpid() { return } // the shepherd spawned it as a session leader
        if setsid() >= 0 { return }
        _ = setpgid(0, getpgid(getppid()))
        guard setsid() >= 0 else {
            throw ExecutionError("cannot start a session of its own: \(String(cString: strerror(errno)))")
        }
    }

    /// The job starts with no signal blocked or ignored, as under slurmstepd. The agent spawns it from a thread that
    /// blocks most signals (Dispatch's threads do), and both the blocked mask and ignored signals survive fork and
    /// exec: without this a job could not trap or die of SIGTERM, SIGINT, or `--signal`'s warning, and would get
    /// EPIPE instead of SIGPIPE. Handlers the wrapper installed are reset by the exec anyway.
    static func resetSignals() {
        for number in Int32(1)..<32 where number != SIGKILL && number != SIGSTOP {
            signal(number, SIG_DFL)
        }
        var none = sigset_t()
        sigemptyset(&none)
        sigprocmask(SIG_SETMASK, &none, nil)
    }

    /// No descriptor of the agent or the wrapper reaches the job: only its standard streams survive the exec.
    static func closeOnExec() {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for fd in entries.compactMap(Int32.init) where fd > 2 {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
    }

    /// Output files are the owner's only (0600): they may hold what the job prints of its data or credentials. As in
    /// Slurm, a `SLURM_UMASK` in the job's environment (octal) is the submitter's umask: the job runs with it and
    /// its output files are created through it.
    static func outputMode(umaskText: String?) -> mode_t {
        guard let text = umaskText, let mask = mode_t(text, radix: 8), mask <= 0o777 else { return 0o600 }
        umask(mask)
        return 0o666 & ~mask
    }

    private static func openOutput(_ path: String, truncate: Bool, mode: mode_t) throws -> Int32 {
        // O_APPEND either way: other nodes of the job (and srun's relayed tasks) may write to the same file.
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (truncate ? O_TRUNC : 0), mode)
        guard fd >= 0 else {
            throw ExecutionError("cannot open output file \(path): \(String(cString: strerror(errno)))")
        }
        return fd
    }

    private static func resolve(_ program: String, path: String) throws -> String {
        if program.contains("/") { return program }
        for dir in path.split(separator: ":") where access("\(dir)/\(program)", X_OK) == 0 {
            return "\(dir)/\(program)"
        }
        throw ExecutionError("command not found: \(program) (PATH=\(path))")
    }

    private static func pair(_ entry: String) -> (String, String)? {
        guard let eq = entry.firstIndex(of: "=") else { return nil }
        return (String(entry[..<eq]), String(entry[entry.index(after: eq)...]))
    }
}

/// Calls `execve` with Swift strings.
private func execve(_ path: String, _ argv: [String], _ env: [String]) {
    var cArgs = argv.map { strdup($0) } + [nil]
    var cEnv = env.map { strdup($0) } + [nil]
    Glibc.execve(path, &cArgs, &cEnv)
}
