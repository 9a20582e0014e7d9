import Foundation
import Glibc
import JobExecution
import SchedulerProtocol

/// Step tasks (`srun`): each is an `exec-job` wrapper like the job itself, pinned to the task's CPUs, in the job's
/// cgroup, but with its output on pipes that the agent relays to the `srun` that started the step.
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
        var pid: Int32
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
        let spec = ExecSpec(jobID: step.jobID, user: step.user, workdir: step.workdir, argv: step.argv,
                            environment: environment, stdoutPath: "", stderrPath: "",
                            cpus: pinning ? task.cpus.map(Int.init) : [],
                            numaNodes: pinning ? step.numaNodes.map(Int.init) : [],
                            failureFile: "", cgroupPath: jobCgroup(step.jobID), toolsDirectory: toolsDirectory,
                            keepStandardStreams: true, controllingTerminal: terminal != nil ? true : nil)
        try spec.save(base + ".json")
        chmod(base + ".json", 0o600)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = ["exec-job", base + ".json"]
        let drained = DispatchGroup()
        var pipes: [Pipe] = []
        if let terminal {
            let side = FileHandle(fileDescriptor: terminal.replica, closeOnDealloc: false)
            (process.standardInput, process.standardOutput, process.standardError) = (side, side, side)
            drained.enter()
            Thread.detachNewThread {
                Self.pump(terminal.primary, closing: false) { onOutput(false, $0) }
                drained.leave()
            }
        } else {
            let out = Pipe(), err = Pipe()
            pipes = [out, err]
            process.standardInput = FileHandle.nullDevice
            (process.standardOutput, process.standardError) = (out, err)
            for (pipe, isErr) in [(out, false), (err, true)] {
                drained.enter()
                let fd = pipe.fileHandleForReading.fileDescriptor
                Thread.detachNewThread {
                    Self.pump(fd, closing: true) { onOutput(isErr, $0) }
                    drained.leave()
                }
            }
        }
        process.terminationHandler = { process in
            unlink(base + ".json")
            let signaled = process.terminationReason == .uncaughtSignal
            let status = process.terminationStatus
            DispatchQueue.global().async {
                // The exit goes after the task's last output, so srun prints everything before it returns.
                _ = drained.wait(timeout: .now() + 5)
                onExit(Termination(exitCode: signaled ? 128 + status : status, signal: signaled ? status : 0,
                                   launchFailure: ""))
            }
        }
        do {
            try process.run()
        } catch {
            terminal?.close()
            throw error
        }
        // The parent's copies of the task's side would keep the readers from ever seeing the end of the output.
        for pipe in pipes { try? pipe.fileHandleForWriting.close() }
        if let terminal { Glibc.close(terminal.replica) }
        return StartedTask(pid: process.processIdentifier, terminal: terminal?.primary)
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
