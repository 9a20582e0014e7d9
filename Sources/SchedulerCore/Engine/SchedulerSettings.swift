/// Tunables of the core, passed in as a value (never read from files or the environment inside the core).
public struct SchedulerSettings: Hashable, Sendable, Codable {
    /// How often agents heartbeat.
    public var heartbeatInterval: Span
    /// A node not heard from for this long is DOWN and its running jobs end NODE_FAIL.
    public var nodeTimeout: Span
    /// Memory given per allocated CPU when a job does not say (Slurm's DefMemPerCPU).
    public var defaultMemoryMBPerCPU: Int64
    /// Largest node count one job may ask for.
    public var maxNodesPerJob: Int
    /// Fair share, charging, QoS and priority (docs/FAIRSHARE.md). The QoS table in it is the default until an
    /// admin changes it at run time (then `ClusterState.book.policy.qos` is the one in force).
    public var accounting: AccountingPolicy
    /// Reservations and backfill (docs/BACKFILL.md).
    public var backfill: BackfillPolicy
    /// Between full cycles (priorities re-ranked, reservations re-planned, every pending reason refreshed),
    /// events run incremental cycles that look only at what the events changed.
    public var fullCycleInterval: Span
    /// Slurm's KillWait: a job being stopped (cancel, preemption, time limit, node failure) gets this long between
    /// SIGTERM and SIGKILL, to checkpoint; a preempted job's resources count as free for planning after it.
    public var killWait: Span
    /// The centre's partitions (admin-defined node groups); empty: every job may use every node.
    public var partitions: PartitionTable
    /// The centre can mail researchers about their jobs (schedd has a notifier command, `--mail-command`); without
    /// one, a job that asks for mail is refused at submit rather than silently never told anything.
    public var mailAvailable: Bool
    /// Script size, pending jobs per user and how long submission keys are honoured (docs/OPERATIONS.md).
    public var limits: InputLimits
    /// How long a finished job stays in the live state before it is retired to the store's history (Slurm's
    /// MinJobAge; `jobRetentionSeconds`). nil: never (the simulator, which reads every job's outcome at the end).
    public var jobRetention: Span?

    public init(heartbeatInterval: Span = .seconds(5), nodeTimeout: Span = .seconds(60),
                defaultMemoryMBPerCPU: Int64 = 1024, maxNodesPerJob: Int = 1024,
                accounting: AccountingPolicy = AccountingPolicy(), backfill: BackfillPolicy = BackfillPolicy(),
                fullCycleInterval: Span = .seconds(30), killWait: Span = .seconds(10),
                partitions: [Partition] = [], mailAvailable: Bool = false, limits: InputLimits = InputLimits(),
                jobRetention: Span? = .seconds(300)) {
        self.heartbeatInterval = heartbeatInterval
        self.nodeTimeout = nodeTimeout
        self.defaultMemoryMBPerCPU = defaultMemoryMBPerCPU
        self.maxNodesPerJob = maxNodesPerJob
        self.accounting = accounting
        self.backfill = backfill
        self.fullCycleInterval = fullCycleInterval
        self.killWait = killWait
        self.partitions = PartitionTable(partitions)
        self.mailAvailable = mailAvailable
        self.limits = limits
        self.jobRetention = jobRetention
    }
}
