/// A durable fact the shell MUST commit before it carries out any `Outbound` of the same `Effects`.
public enum Transition: Sendable, Equatable {
    /// Insert or update the job's row (its history is appended separately).
    case jobChanged(Job)
    case jobHistoryAppended(JobID, StateChange)
    /// The finished job left the live state after its retention (`Retirements`): the store keeps its row and history
    /// for `aisubmit history` and does not load it again.
    case jobRetired(JobID)
    case nodeChanged(Node)
    /// A row of the usage ledger, new or extended: keyed by job and `from`, it replaces a stored row with the same key
    /// (`LedgerRows`: rows only grow, one per job per ledger period).
    case usageCharged(UsageCharge)
    /// The whole accounts tree after an admin change.
    case accountsChanged(AccountRegistry)
    /// The QoS table after an admin change.
    case qosChanged(QoSTable)
    /// A row of the audit log (append-only), in the same commit as the change it records.
    case auditRecorded(AuditRecord)
}

/// The outcome of one job in a cancel / hold / release request.
public struct JobActionOutcome: Sendable, Equatable {
    public var jobID: JobID
    /// nil when the action was done.
    public var rejection: Rejection?

    public init(jobID: JobID, rejection: Rejection? = nil) {
        self.jobID = jobID
        self.rejection = rejection
    }
}

/// The core's answer to a request-carrying event.
public enum Reply: Sendable, Equatable {
    case submitted(JobID)
    case jobActions([JobActionOutcome])
    case nodeRegistered(killJobs: [JobID], heartbeatInterval: Span, nodeTimeout: Span)
    case ack
    /// An admin change was made; these are its audit records.
    case changed([AuditRecord])
    /// Nodes were drained, resumed or set down: the audit records and the nodes as they are now.
    case nodesControlled([AuditRecord], [NodeReport])
    case rejected(Rejection)
}

/// An instruction to the outside world.
public enum Outbound: Sendable, Equatable {
    case reply(RequestID, Reply)
    /// Start the job's part on `node` (its allocation is in the job, already committed).
    case launch(JobID, node: String)
    /// Stop the job's processes on `node` (SIGTERM, then SIGKILL after the grace period).
    case kill(JobID, node: String, reason: String)
    /// Run the centre's notifier command for this mail (`--mail-type`); best effort, it changes no state.
    case notify(MailNotice)
    /// The node timed out: close its connection now, so nothing still queued for it (a launch) is delivered when
    /// it wakes up, and it must register again (and learn which of its jobs to kill) before it gets new work.
    case fence(node: String)
}

/// Which scheduling cycle a `handle` call ran (docs/BACKFILL.md): the shell times the call and files the time under
/// it (schedd's `aisched_scheduler_cycle_duration_seconds`, docs/METRICS.md), since only the core knows which it was.
public enum CycleKind: String, Sendable, Equatable, CaseIterable {
    /// Ranked every pending job and walked the whole queue.
    case full
    /// Looked only at what the batch's events changed.
    case incremental
}

/// Everything `Scheduler.handle` asks its shell to do, in order: commit `transitions` in one transaction,
/// then carry out `outbound`, then call back with `.timerFired` no later than `wakeAt`.
public struct Effects: Sendable, Equatable {
    public var transitions: [Transition] = []
    public var outbound: [Outbound] = []
    public var wakeAt: Instant?
    /// The cycle this call ran; nil when none did (nothing pending, or nothing an incremental cycle could start).
    public var cycle: CycleKind?
    /// Jobs saved during the call whose `jobChanged` snapshot is still to be taken, in the order they were first
    /// saved. Empty once `handle` returns (`Scheduler.takeJobSnapshots`).
    var unsnapshotted = ChangedJobs()

    public init() {}

    public mutating func append(_ other: Effects) {
        transitions += other.transitions
        outbound += other.outbound
        if let w = other.wakeAt { wakeAt = min(wakeAt ?? w, w) }
        if let kind = other.cycle { cycle = kind }
    }

    public static func == (lhs: Effects, rhs: Effects) -> Bool {
        lhs.transitions == rhs.transitions && lhs.outbound == rhs.outbound && lhs.wakeAt == rhs.wakeAt
            && lhs.cycle == rhs.cycle
    }

    public var replies: [(RequestID, Reply)] {
        outbound.compactMap { if case let .reply(id, reply) = $0 { (id, reply) } else { nil } }
    }
}
