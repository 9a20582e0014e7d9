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

    /// Starts one task. `onOutput` gets its output as it comes (from reader threads, in order per stream);
    /// `onExit` comes once, after both streams are drained.
    func startTask(_ step: StartStep, _ task: StepTask, onOutput: @escaping @Sendable (_ stderr: Bool, _ data: [UInt8]) -> Void,
                   onExit: @escaping @Sendable (Termination) -> Void) throws -> Int32 {
        let base = "\(spoolDirectory)/job-\(step.jobID).step-\(step.stepID).task-\(task.rank)"
        var environment = agentEnvironment + step.environment + task.environment
        if !task.gpus.isEmpty || hasGPUs {
            environment.append("CUDA_VISIBLE_DEVICES=\(task.gpus.map(String.init).joined(separator: ","))")
        }
        let spec = ExecSpec(jobID: step.jobID, user: step.user, workdir: step.workdir, argv: step.argv,
                            environment: environment, stdoutPath: "", stderrPath: "",
                            cpus: pinning ? task.cpus.map(Int.init) : [],
                            numaNodes: pinning ? step.numaNodes.map(Int.init) : [],
                            failureFile: "", cgroupPath: jobCgroup(step.jobID), toolsDirectory: toolsDirectory,
                            keepStandardStreams: true)
        try spec.save(base + ".json")
        chmod(base + ".json", 0o600)

        let out = Pipe(), err = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = ["exec-job", base + ".json"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        let drained = DispatchGroup()
        for (pipe, isErr) in [(out, false), (err, true)] {
            drained.enter()
            let handle = pipe.fileHandleForReading
            Thread.detachNewThread {
                Self.pump(handle) { onOutput(isErr, $0) }
                drained.leave()
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
        try process.run()
        // The parent's copies of the write ends would keep the readers from ever seeing the end of the output.
        try? out.fileHandleForWriting.close()
        try? err.fileHandleForWriting.close()
        return process.processIdentifier
    }

    /// Reads until end of file, handing on each chunk (up to 64 KiB) as it arrives.
    private static func pump(_ handle: FileHandle, _ deliver: ([UInt8]) -> Void) {
        let fd = handle.fileDescriptor
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            deliver(Array(buffer[0..<n]))
        }
        try? handle.close()
    }
}
