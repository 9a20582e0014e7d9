import Foundation

/// What the `exec-job` wrapper needs to become the job: written by the agent to the spool, read by the wrapper.
public struct ExecSpec: Codable, Sendable, Equatable {
    public var jobID: UInt64
    public var user: String
    public var workdir: String
    /// The program and its arguments (for a script: the script file and its arguments).
    public var argv: [String]
    public var environment: [String]
    public var stdoutPath: String
    public var stderrPath: String
    /// CPU ids to pin to (empty: no pinning).
    public var cpus: [Int]
    /// NUMA nodes to bind memory to (empty: no binding).
    public var numaNodes: [Int]
    /// Where the wrapper writes why it could not start the job.
    public var failureFile: String
    /// The job's cgroup (v2) to join before dropping privileges; nil when cgroups are not available.
    public var cgroupPath: String?
    /// A directory put first on the job's PATH, after its own environment is applied: aisched's Slurm commands
    /// (`scontrol`) for scripts that call them. nil: PATH as the environment says.
    public var toolsDirectory: String?
    /// True for a step's task: its standard output and error are already the pipes the agent relays to `srun`,
    /// so the wrapper opens no files (and reports a failure to start on the task's own standard error).
    public var keepStandardStreams: Bool?
    /// True for an interactive task: its standard streams are a pseudo-terminal, which becomes its controlling
    /// terminal (so Ctrl-C there interrupts it and job control works).
    public var controllingTerminal: Bool?
    /// Open the output files truncated (sbatch's default `--open-mode`) rather than appending to them.
    public var truncateOutput: Bool?
    /// Where the shepherd writes the job's pid (its process group) and how the job ended; nil for a step's task,
    /// which the agent starts and waits for itself.
    public var jobPidFile: String?
    public var exitStatusFile: String?
    /// PATH for a job whose environment sets none (the site's, never the agent's own).
    public var defaultPath: String?
    /// Users with a smaller uid (root, system accounts) may not run jobs here; nil: 1000.
    public var minimumUID: UInt32?

    public init(jobID: UInt64, user: String, workdir: String, argv: [String], environment: [String],
                stdoutPath: String, stderrPath: String, cpus: [Int], numaNodes: [Int], failureFile: String,
                cgroupPath: String? = nil, toolsDirectory: String? = nil, keepStandardStreams: Bool? = nil,
                controllingTerminal: Bool? = nil) {
        self.jobID = jobID
        self.user = user
        self.workdir = workdir
        self.argv = argv
        self.environment = environment
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
        self.cpus = cpus
        self.numaNodes = numaNodes
        self.failureFile = failureFile
        self.cgroupPath = cgroupPath
        self.toolsDirectory = toolsDirectory
        self.keepStandardStreams = keepStandardStreams
        self.controllingTerminal = controllingTerminal
    }

    public static func load(_ path: String) throws -> ExecSpec {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExecutionError("cannot read job spec \(path)")
        }
        return try JSONDecoder().decode(ExecSpec.self, from: data)
    }

    public func save(_ path: String) throws {
        try JSONEncoder().encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

/// Why a job could not be set up on this node, in words for the researcher.
public struct ExecutionError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
