/// What one job asks for. Per-node quantities: a multi-node job gets the same shape on each of `nodes` nodes
/// (a gang: all nodes at once or none).
public struct ResourceRequest: Hashable, Sendable, Codable {
    public var nodes: Int
    public var cpusPerNode: Int
    /// 0 means "the scheduler's default memory per CPU times `cpusPerNode`".
    public var memoryMBPerNode: Int64
    public var gpusPerNode: Int
    /// nil: any GPU model.
    public var gpuModel: String?
    /// The job wants its nodes to itself.
    public var exclusive: Bool
    /// nil: the scheduler's default time limit.
    public var timeLimit: Span?
    /// The partitions the job may run in (`--partition`), resolved at submit (the default one when none is given);
    /// nil on a centre without partitions.
    public var partitions: [String]?
    /// Node features it needs (`--constraint`); nil: any node.
    public var constraint: FeatureConstraint?
    /// `--mem=0`: all of each node's memory (then `memoryMBPerNode` is unused).
    public var allMemory: Bool?
    /// `--hint=nomultithread`: `cpusPerNode` counts whole cores (each with all its threads, the job bound to one).
    public var wholeCores: Bool?

    public init(nodes: Int = 1, cpusPerNode: Int = 1, memoryMBPerNode: Int64 = 0, gpusPerNode: Int = 0,
                gpuModel: String? = nil, exclusive: Bool = false, timeLimit: Span? = nil,
                partitions: [String]? = nil, constraint: FeatureConstraint? = nil, allMemory: Bool? = nil,
                wholeCores: Bool? = nil) {
        self.nodes = nodes
        self.cpusPerNode = cpusPerNode
        self.memoryMBPerNode = memoryMBPerNode
        self.gpusPerNode = gpusPerNode
        self.gpuModel = gpuModel
        self.exclusive = exclusive
        self.timeLimit = timeLimit
        self.partitions = partitions
        self.constraint = constraint
        self.allMemory = allMemory
        self.wholeCores = wholeCores
    }
}
