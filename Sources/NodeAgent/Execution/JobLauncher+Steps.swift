import ChildProcesses
import Foundation
import Glibc
import JobExecution
import SchedulerProtocol

/// Step tasks (`srun`): each is an `exec-job --become` wrapper like the job itself, pinned to the task's CPUs, in the
/// job's cgroup, but with its output on pipes that the agent relays to the `srun` that started the step. No shepherd:
/// the agent waits for a task itself, and a task does not outlive the agent (its output has nowhere else to go).
extension JobLauncher {
    /// A node part that runs no command: a batch job's share of a node other than the first, held for `srun`'s
    /// tasks until the job ends. Makes the job's cgroup so its tasks are confined like the batch step.
    func hold(_ launch: LaunchJob) throws {
        _ = try cgroupPath(for: launch)
    }

    /// Where a task of `job` joins: the job's cgroup, made when its part started here.
    private func jobCgroup(_ job: UInt64) -> String? {
        guard pinning, case .success(let cgroup) = cgroups else { return nil }
        let path = cgroup.jobsPath + "/job-\(job)"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// A started task: its process, and for a pty task the terminal's master side (its keyboard).
    struct StartedTask: Sendable {
        var child: Child
        var terminal: Int32?
    }

    /// Starts one task. `onOutput` gets its output as it comes (from reader threads, in order per stream);
    /// `onExit` comes once, after its output is drained. The task of rank 0 of a `pty` step runs on a
    /// pseudo-terminal (its output then comes as standard output only, as on a terminal).
    func startTask(_ step: StartStep, _ task: StepTask, onOutput: @escaping @Sendable (_ stderr: Bool, _ data: [UInt8]) -> Void,
                   onExit: @escaping @Sendable (Termination) -> Void) throws -> StartedTask {
        let base = "\(spoolDirectory)/job-\(step.jobID).step-\(step.stepID).task-\(task.rank)"
        let terminal = step.pty && task.rank == 0 ? try PseudoTerminal.open(rows: step.rows, cols: step.cols, owner: step.user) : nil
        var environment = agentEnvironment + step.environment + task.environment
        if !task.gpus.isEmpty || hasGPUs {
            environment.append("CUDA_VISIBLE_DEVICES=\(task.gpus.map(String.init).joined(separator: ","))")
        }
        var spec = ExecSpec(jobID: step.jobID, user: step.user, workdir: step.workdir, argv: step.argv,
                            environment: environment, stdoutPath: "", stderrPath: "",
                            cpus: pinning ? task.cpus.map(Int.init) : [],
                            numaNodes: pinning ? step.numaNodes.map(Int.init) : [],
                            failureFile: "", cgroupPath: jobCgroup(step.jobID), toolsDirectory: toolsDirectory,
                            keepStandardStreams: true, controllingTerminal: terminal != nil ? true : nil)
        spec.defaultPath = jobPath
        spec.minimumUID = minimumUID
        try save(spec, to: base + ".json")

        let drained = DispatchGroup()
        var childSide: [Int32] = [] // the task's ends, which this process closes once it has started
        let streams: (Int32, Int32, Int32)
        if let terminal {
            streams = (terminal.replica, terminal.replica, terminal.replica)
            childSide = [terminal.replica]
            drained.enter()
            Thread.detachNewThread {
                Self.pump(terminal.primary, closing: false) { onOutput(false, $0) }
                drained.leave()
            }
        } else {
            let out = try Self.pipe(), err = try Self.pipe()
            let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
            streams = (null, out.write, err.write)
            childSide = [null, out.write, err.write]
            for (fd, isErr) in [(out.read, false), (err.read, true)] {
                drained.enter()
                Thread.detachNewThread {
                    Self.pump(fd, closing: true) { onOutput(isErr, $0) }
                    drained.leave()
                }
            }
        }
        // The parent's copies of the task's side would keep the readers from ever seeing the end of the output.
        defer { for fd in childSide { Glibc.close(fd) } }
        let pid: pid_t
        do {
            pid = try ChildProcess.spawn(["/proc/self/exe", "exec-job", "--become", base + ".json"],
                                         stdin: streams.0, stdout: streams.1, stderr: streams.2, newSession: true)
        } catch {
            if let terminal { Glibc.close(terminal.primary) }
            throw error
        }
        let child = Child(pid: pid)
        ChildProcess.whenEnded(child) { status in
            unlink(base + ".json")
            // The exit goes after the task's last output, so srun prints everything before it returns.
            _ = drained.wait(timeout: .now() + 5)
            onExit(Termination(exitCode: status.exitCode, signal: status.signal, launchFailure: ""))
        }
        return StartedTask(child: child, terminal: terminal?.primary)
    }

    private static func pipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard Glibc.pipe(&fds) == 0 else {
            throw ExecutionError("cannot make a pipe for the task's output: \(String(cString: strerror(errno)))")
        }
        // Close-on-exec here (pipe2 is not imported); the task gets its ends as 1 and 2 through posix_spawn's dup2,
        // and children spawned meanwhile close what they inherit (ExecJobCommand.closeOnExec, JobShepherd).
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }

    /// Reads until end of file (for a terminal: EIO once the task's side is closed), handing on each chunk (up to
    /// 64 KiB) as it arrives.
    private static func pump(_ fd: Int32, closing: Bool, _ deliver: ([UInt8]) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            deliver(Array(buffer[0..<n]))
        }
        if closing { Glibc.close(fd) }
    }
}
