/// Everything the scheduler knows: a plain value, so a copy is a free snapshot for what-if questions, and
/// recovery rebuilds exactly it from the database (`SchedulerStore.load`).
public struct ClusterState: Hashable, Sendable {
    public var jobs: [JobID: Job]
    public var nodes: [String: Node]
    public var accounts: AccountRegistry
    /// Pending jobs, kept apart so a cycle does not scan finished history.
    public private(set) var pendingIDs: Set<JobID>
    /// Running jobs, kept apart for the same reason: charging, quotas and wake-ups look only at these.
    public private(set) var runningIDs: Set<JobID>
    public var nextJobID: UInt64
    /// Charges, decayed usage and budget totals (rebuilt from the usage ledger after a restart).
    public var book: AccountingBook
    /// When running jobs are next charged; nil until the first cycle.
    public var nextAccountingTick: Instant?

    public init(jobs: [Job] = [], nodes: [Node] = [], accounts: AccountRegistry = AccountRegistry(),
                book: AccountingBook = AccountingBook(policy: AccountingPolicy())) {
        self.jobs = Dictionary(uniqueKeysWithValues: jobs.map { ($0.id, $0) })
        self.nodes = Dictionary(uniqueKeysWithValues: nodes.map { ($0.name, $0) })
        self.accounts = accounts
        self.pendingIDs = Set(jobs.filter { $0.state == .pending }.map(\.id))
        self.runningIDs = Set(jobs.filter { $0.state == .running }.map(\.id))
        self.nextJobID = (jobs.map(\.id.rawValue).max() ?? 0) + 1
        self.book = book
        self.nextAccountingTick = nil
        rebuildNodeAllocations()
    }

    /// Node allocations are derived from jobs, so they cannot disagree after a restart.
    private mutating func rebuildNodeAllocations() {
        for (name, var node) in nodes {
            node.allocatedCPUs = []
            node.allocatedGPUs = []
            node.allocatedMemoryMB = 0
            node.allocatedMemoryMBByNUMA = [:]
            node.jobs = []
            nodes[name] = node
        }
        for job in jobs.values {
            guard let allocation = job.allocation else { continue }
            for part in allocation.nodes where job.activeNodes.contains(part.node) {
                nodes[part.node]?.hold(part, for: job.id)
            }
        }
    }

    /// Replaces a job, keeping the pending index in step.
    public mutating func update(_ job: Job) {
        jobs[job.id] = job
        if job.state == .pending { pendingIDs.insert(job.id) } else { pendingIDs.remove(job.id) }
        if job.state == .running { runningIDs.insert(job.id) } else { runningIDs.remove(job.id) }
    }
}
