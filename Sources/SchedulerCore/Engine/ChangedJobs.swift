/// The jobs one `handle` call changed, in the order of their first change: their `jobChanged` snapshots are
/// taken once, from the final state, instead of at every save.
///
/// Why: a snapshot held in `Effects` shares the job's arrays with the live state, so the next change of the same
/// job in the batch copies them. A 1,000-node job's parts start and end in one batch each; snapshotting every
/// save made that quadratic (a million node names copied per job), the largest cost of replaying a log of wide
/// jobs. The store commits only the final row of each job, so one snapshot per job and batch says the same.
struct ChangedJobs: Sendable {
    private(set) var order: [JobID] = []
    private var seen: Set<JobID> = []

    var isEmpty: Bool { order.isEmpty }

    mutating func insert(_ id: JobID) {
        if seen.insert(id).inserted { order.append(id) }
    }

    mutating func removeAll() {
        order.removeAll()
        seen.removeAll()
    }
}
