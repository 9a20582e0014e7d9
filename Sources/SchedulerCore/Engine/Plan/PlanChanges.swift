/// What happened since the last full cycle: which jobs and nodes the next incremental cycle must look at, and
/// what makes the next cycle a full one (docs/BACKFILL.md §Incremental cycles).
struct PlanChanges: Sendable {
    var lastFull: Instant?
    /// The earliest future begin time among jobs waiting with `BeginTime`: a full cycle is due then.
    var nextBegin: Instant?
    /// Something happened that an incremental cycle cannot account for (nodes, accounts, charges).
    var needsFull = true
    /// Events since the last full cycle changed the queue (so the periodic full cycle is worth running).
    var changedSinceFull = false
    /// Nodes where resources became free (a job's part ended, a reservation went away).
    var dirtyNodes: Set<String> = []
    /// Jobs to evaluate in the next incremental cycle whatever their shape (new, released, requeued).
    var dirtyJobs: Set<JobID> = []
    /// Jobs waiting for something a job's end may change (dependencies, limits, array throttles).
    var conditional: Set<JobID> = []

    /// A full cycle starts from here: nothing is dirty any more.
    mutating func fullCycleStarted(at now: Instant) {
        lastFull = now
        needsFull = false
        changedSinceFull = false
        dirtyNodes.removeAll()
        dirtyJobs.removeAll()
        conditional.removeAll()
        nextBegin = nil
    }

    /// When the periodic full cycle is due (only once something changed since the last one).
    func periodicFullDue(every interval: Span) -> Instant? {
        changedSinceFull ? lastFull.map { $0 + interval } : nil
    }
}
