/// How a job's share of each node is split into tasks, as Slurm's task options describe it (`--ntasks`,
/// `--ntasks-per-node`, `--cpus-per-task`, `--gpus-per-task`). Placement reads only the per-node totals of the
/// `ResourceRequest`; the layout says what the job's environment reports (SLURM_NTASKS, SLURM_TASKS_PER_NODE, …)
/// and how tasks are started. Fields are nil when the submitter did not give them, because Slurm sets some
/// variables only when the option was given.
public struct TaskLayout: Hashable, Sendable, Codable {
    /// Tasks in the whole job (`--ntasks`); nil: one per node, or `perNode` on each node.
    public var total: Int?
    /// At most this many tasks per node.
    public var perNode: Int?
    public var cpusPerTask: Int?
    public var gpusPerTask: Int?
    /// `--overcommit`: the node's CPUs were reserved for one task, and its tasks share them.
    public var overcommit: Bool?

    public init(total: Int? = nil, perNode: Int? = nil, cpusPerTask: Int? = nil, gpusPerTask: Int? = nil,
                overcommit: Bool? = nil) {
        self.total = total
        self.perNode = perNode
        self.cpusPerTask = cpusPerTask
        self.gpusPerTask = gpusPerTask
        self.overcommit = overcommit
    }

    /// True when no task option was given (Slurm's default: one task per node).
    public var isDefault: Bool {
        total == nil && perNode == nil && cpusPerTask == nil && gpusPerTask == nil && overcommit != true
    }

    /// The tasks on each of `nodes` nodes, distributed as Slurm's default block distribution does: every node
    /// gets `perNode` (or an even share) until the total runs out.
    public func tasksPerNode(nodes: Int) -> [Int] {
        guard nodes > 0 else { return [] }
        let total = self.total ?? nodes * (perNode ?? 1)
        let cap = perNode ?? (total + nodes - 1) / nodes
        var left = total
        return (0..<nodes).map { index in
            // Leave at least one task for each node after this one, as Slurm does.
            let share = min(cap, max(1, left - (nodes - index - 1)))
            left -= share
            return share
        }
    }

    /// Total tasks over `nodes` nodes.
    public func taskCount(nodes: Int) -> Int { tasksPerNode(nodes: nodes).reduce(0, +) }
}
