import Foundation
import Glibc
import JobExecution
import SchedulerProtocol

/// Starts one node's part of a job: writes the spec (and script) to the spool and spawns the `exec-job`
/// wrapper, which becomes the job.
struct JobLauncher {
    /// How a job's main process ended.
    struct Termination: Sendable {
        var exitCode: Int32
        var signal: Int32
        /// Why it never started, if it did not.
        var launchFailure: String
    }

    let spoolDirectory: String
    /// False for a node with a declared (not discovered) topology: its CPU ids are not this machine's.
    let pinning: Bool
    /// Whether this node has GPUs at all (then a job without GPUs must see none).
    let hasGPUs: Bool
    /// Per-job cgroups, or why there are none (said in every job's notes).
    let cgroups: Result<CgroupV2, CgroupUnavailable>
    /// aisched's Slurm commands for jobs (`SlurmTools`), first on their PATH; nil when they could not be made.
    var toolsDirectory: String? = nil
    /// schedd as this agent reaches it: jobs get it as `AISCHED_SERVER`, so `srun` and `aisubmit` work inside them.
    var serverAddress: String? = nil

    /// Variables every process of a job starts from, before the job's own.
    var agentEnvironment: [String] { serverAddress.map { ["AISCHED_SERVER=\($0)"] } ?? [] }

    /// What a job's notes say about its confinement.
    var confinementNote: String {
        var notes: [String] = []
        if !pinning { notes.append("declared topology: CPUs and memory not pinned") }
        switch cgroups {
        case .success(let cgroup): notes.append("cgroup \(cgroup.jobsPath)/job-<id> with cpuset and memory.max")
        case .failure(let why): notes.append(why.description)
        }
        return notes.joined(separator: "; ")
    }

    func cgroupPath(for launch: LaunchJob) throws -> String? {
        guard pinning, case .success(let cgroup) = cgroups else { return nil }
        let memory = launch.memoryMB > 0 ? Int64(launch.memoryMB) * 1_048_576 : nil
        return try cgroup.create(job: launch.jobID, cpus: launch.cpus.map(Int.init),
                                 numaNodes: launch.numaNodes.map(Int.init), memoryMaxBytes: memory)
    }

    /// Kills whatever is left of the job in its cgroup, removes the cgroup and the job's spool files.
    func cleanUp(job: UInt64) {
        let base = "\(spoolDirectory)/job-\(job)"
        for suffix in [".json", ".script", ".launch"] { unlink(base + suffix) }
        guard case .success(let cgroup) = cgroups else { return }
        cgroup.kill(job: job)
        cgroup.remove(job: job)
    }

    /// A root agent hands the script to the job's user, who runs it after the wrapper drops privileges.
    private static func giveToOwner(_ path: String, user: String) throws {
        guard geteuid() == 0, let entry = getpwnam(user) else { return }
        guard chown(path, entry.pointee.pw_uid, entry.pointee.pw_gid) == 0 else {
            throw ExecutionError("cannot give the job script to \(user): \(String(cString: strerror(errno)))")
        }
    }

    func start(_ launch: LaunchJob, onExit: @escaping @Sendable (Termination) -> Void) throws -> Int32 {
        let base = "\(spoolDirectory)/job-\(launch.jobID)"
        var argv = launch.argv
        if !launch.script.isEmpty {
            let scriptPath = base + ".script"
            let text = launch.script.hasPrefix("#!") ? launch.script : "#!/bin/sh\n" + launch.script
            guard FileManager.default.createFile(atPath: scriptPath, contents: Data(text.utf8),
                                                 attributes: [.posixPermissions: 0o700]) else {
                throw ExecutionError("cannot write the job script to \(scriptPath)")
            }
            try Self.giveToOwner(scriptPath, user: launch.user)
            argv = [scriptPath] + launch.argv
        }
        guard !argv.isEmpty else { throw ExecutionError("the job has no command") }
        var environment = agentEnvironment + launch.environment
        if !launch.gpus.isEmpty || hasGPUs {
            environment.append("CUDA_VISIBLE_DEVICES=\(launch.gpus.map(String.init).joined(separator: ","))")
        }
        var spec = ExecSpec(jobID: launch.jobID, user: launch.user, workdir: launch.workdir, argv: argv,
                            environment: environment, stdoutPath: launch.stdoutPath, stderrPath: launch.stderrPath,
                            cpus: pinning ? launch.cpus.map(Int.init) : [],
                            numaNodes: pinning ? launch.numaNodes.map(Int.init) : [],
                            failureFile: base + ".launch", cgroupPath: try cgroupPath(for: launch),
                            toolsDirectory: toolsDirectory)
        spec.truncateOutput = launch.truncateOutput ? true : nil
        try spec.save(base + ".json")
        chmod(base + ".json", 0o600) // it holds the job's environment; only the (root) wrapper reads it
        _ = FileManager.default.createFile(atPath: spec.failureFile, contents: nil)
        guard let failureLog = FileHandle(forWritingAtPath: spec.failureFile) else {
            throw ExecutionError("cannot create \(spec.failureFile)")
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = ["exec-job", base + ".json"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = failureLog
        let failureFile = spec.failureFile
        process.terminationHandler = { process in
            try? failureLog.close()
            let message = (try? String(contentsOfFile: failureFile, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            let signaled = process.terminationReason == .uncaughtSignal
            let status = process.terminationStatus
            let failed = !signaled && status == ExecJobCommand.launchFailureStatus && !message.isEmpty
            onExit(Termination(exitCode: signaled ? 128 + status : status, signal: signaled ? status : 0,
                               launchFailure: failed ? "launch failed: \(message)" : ""))
        }
        try process.run()
        return process.processIdentifier
    }
}
