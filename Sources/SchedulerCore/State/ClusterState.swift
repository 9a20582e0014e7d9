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
    /// How many jobs each user has waiting (array tasks one each), for `InputLimits.pendingJobsPerUser`.
    public private(set) var pendingCountByUser: [String: Int]
    /// Submission keys still honoured (idempotent submits), rebuilt from the jobs' specs.
    public internal(set) var submissionKeys: SubmissionKeys
    /// Finished jobs on their way out after their retention, and the final states of retired ones that pending
    /// jobs depend on.
    public internal(set) var retirements: Retirements

    /// `jobs` are the live ones. After a restart the store also gives what retired jobs left behind: the next job id
    /// (ids are never used twice, and the largest may belong to a retired job), the final states pending jobs'
    /// dependencies name, and the submission keys still honoured.
    public init(jobs: [Job] = [], nodes: [Node] = [], accounts: AccountRegistry = AccountRegistry(),
                book: AccountingBook = AccountingBook(policy: AccountingPolicy()), nextJobID: UInt64? = nil,
                retiredOutcomes: [JobID: JobState] = [:], retiredKeys: [SubmissionKeys.Made] = []) {
        self.jobs = Dictionary(uniqueKeysWithValues: jobs.map { ($0.id, $0) })
        self.nodes = Dictionary(uniqueKeysWithValues: nodes.map { ($0.name, $0) })
        self.accounts = accounts
        self.pendingIDs = Set(jobs.filter { $0.state == .pending }.map(\.id))
        self.runningIDs = Set(jobs.filter { $0.state == .running }.map(\.id))
        self.nextJobID = max(nextJobID ?? 1, (jobs.map(\.id.rawValue).max() ?? 0) + 1)
        self.book = book
        self.nextAccountingTick = nil
        self.pendingCountByUser = jobs.reduce(into: [:]) { counts, job in
            if job.state == .pending { counts[job.spec.user, default: 0] += 1 }
        }
        self.submissionKeys = SubmissionKeys(jobs: jobs, retired: retiredKeys)
        self.retirements = Retirements(jobs: jobs, outcomes: retiredOutcomes)
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

    /// Replaces a job, keeping the pending and running indexes and the per-user pending counts in step.
    public mutating func update(_ job: Job) {
        let previous = jobs.updateValue(job, forKey: job.id)
        let wasPending = previous?.state == .pending
        if previous == nil { retirements.added(job) }
        if wasPending != (job.state == .pending) {
            let count = pendingCountByUser[job.spec.user, default: 0] + (wasPending ? -1 : 1)
            pendingCountByUser[job.spec.user] = count > 0 ? count : nil
        }
        if job.state == .pending { pendingIDs.insert(job.id) } else { pendingIDs.remove(job.id) }
        if job.state == .running { runningIDs.insert(job.id) } else { runningIDs.remove(job.id) }
    }

    /// Takes a finished job out of the live state (it stays in the store); it holds nothing any more.
    mutating func retire(_ id: JobID) {
        jobs[id] = nil
    }
}
