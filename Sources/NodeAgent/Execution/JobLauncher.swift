import ChildProcesses
import Foundation
import Glibc
import JobExecution
import SchedulerProtocol

/// Starts one node's part of a job: writes the spec (and script) to the spool and spawns its shepherd
/// (`nodeagent exec-job SPEC`), which starts the wrapper that becomes the job and records how it ends.
struct JobLauncher {
    /// How a job's main process ended.
    struct Termination: Sendable, Equatable {
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
    /// PATH for jobs whose environment sets none (`nodeagent --job-path`).
    var jobPath: String = UserIdentity.defaultPath
    /// No job runs as a user with a smaller uid (`nodeagent --min-uid`).
    var minimumUID: UInt32 = UserIdentity.defaultMinimumUID

    func paths(_ job: UInt64) -> SpoolPaths { SpoolPaths(spool: spoolDirectory, job: job) }

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

    /// Kills whatever is left of the job in its cgroup, removes the cgroup and the part's spool files but its report.
    func cleanUp(job: UInt64) {
        for file in paths(job).partFiles { unlink(file) }
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

    /// How the part ended, from what its shepherd left in the spool (it may have ended while no agent ran).
    func termination(of paths: SpoolPaths) -> Termination {
        let message = (try? String(contentsOfFile: paths.failure, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if let status = ExitStatusFile.read(paths.exitStatus) {
            let failed = status.signal == 0 && status.exitCode == ExitStatusFile.launchFailureStatus && !message.isEmpty
            return Termination(exitCode: status.exitCode, signal: status.signal,
                               launchFailure: failed ? "launch failed: \(message)" : "")
        }
        if !message.isEmpty { return Termination(exitCode: 1, signal: 0, launchFailure: "launch failed: \(message)") }
        return Termination(exitCode: 128 + SIGKILL, signal: SIGKILL,
                           launchFailure: "the job's shepherd process was killed, so how the job ended is unknown")
    }

    func start(_ launch: LaunchJob, onExit: @escaping @Sendable (Termination) -> Void) throws -> Child {
        let paths = paths(launch.jobID)
        var argv = launch.argv
        if !launch.script.isEmpty {
            let scriptPath = paths.script
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
                            failureFile: paths.failure, cgroupPath: try cgroupPath(for: launch),
                            toolsDirectory: toolsDirectory)
        spec.truncateOutput = launch.truncateOutput ? true : nil
        spec.jobPidFile = paths.jobPid
        spec.exitStatusFile = paths.exitStatus
        spec.defaultPath = jobPath
        spec.minimumUID = minimumUID
        try save(spec, to: paths.spec)
        let failureLog = open(spec.failureFile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer { close(failureLog); close(null) }
        guard failureLog >= 0, null >= 0 else {
            throw ExecutionError("cannot create \(spec.failureFile): \(String(cString: strerror(errno)))")
        }
        let pid = try ChildProcess.spawn(["/proc/self/exe", "exec-job", paths.spec], stdin: null, stdout: null,
                                         stderr: failureLog)
        let child = Child(pid: pid)
        ChildProcess.whenEnded(child) { _ in onExit(termination(of: paths)) }
        return child
    }

    /// Writes a spec only root (the wrapper) reads: it holds the job's environment.
    func save(_ spec: ExecSpec, to path: String) throws {
        try spec.save(path)
        chmod(path, 0o600)
    }
}
