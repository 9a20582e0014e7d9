import SchedulerCore

/// One job of a workload trace, in the simulator's own terms, whatever format it came from.
///
/// Times are integer milliseconds on the trace's clock (so replays stay exact); resources are per node, as
/// `ResourceRequest` takes them.
public struct TraceJob: Hashable, Sendable {
    /// Line number in the trace file (1-based), for messages and for a stable tie-break.
    public var line: Int
    public var submit: Instant
    /// How long the job runs when nothing stops it.
    public var duration: Span
    /// The limit the user asked for; nil when the trace has none (the replay then derives one).
    public var walltime: Span?
    public var nodes: Int
    public var cpusPerNode: Int
    /// 0: the scheduler's default memory per CPU.
    public var memoryMBPerNode: Int64
    public var gpusPerNode: Int
    public var gpuModel: String?
    /// The tenant label of the trace (team, VC, group, QoS class): what maps to a project.
    public var team: String
    /// The submitting user; "" when the trace has none.
    public var user: String

    public init(line: Int, submit: Instant, duration: Span, walltime: Span? = nil, nodes: Int = 1,
                cpusPerNode: Int = 1, memoryMBPerNode: Int64 = 0, gpusPerNode: Int = 0, gpuModel: String? = nil,
                team: String, user: String = "") {
        self.line = line
        self.submit = submit
        self.duration = duration
        self.walltime = walltime
        self.nodes = nodes
        self.cpusPerNode = cpusPerNode
        self.memoryMBPerNode = memoryMBPerNode
        self.gpusPerNode = gpusPerNode
        self.gpuModel = gpuModel
        self.team = team
        self.user = user
    }

    public var totalGPUs: Int { nodes * gpusPerNode }
    public var totalCPUs: Int { nodes * cpusPerNode }
}
