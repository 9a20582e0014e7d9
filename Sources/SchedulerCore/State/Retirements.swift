/// Finished jobs on their way out of the live state, and what live jobs still need to know about those gone.
///
/// A finished job stays in `ClusterState.jobs` for `SchedulerSettings.jobRetention` after it ended (Slurm's
/// MinJobAge), then the core retires it (`Transition.jobRetired`): the store keeps its row for `aisubmit history`,
/// but the scheduler no longer holds it, so memory and restart time follow the live queue, not the centre's past.
///
/// A job settles once its retention has passed and its processes are gone (a COMPLETING job still holds
/// resources). A plain job leaves when it settles; an array's tasks leave together when the last of them settles,
/// because the array's first task names the whole array (cancel, `--dependency`, whole-array mail).
public struct Retirements: Hashable, Sendable {
    /// Finished jobs in the order they ended (one entry each); `head` is the first not yet settled.
    private var ended: [(job: JobID, at: Instant)] = []
    private var head = 0
    /// Jobs past their retention that were still COMPLETING, looked at again on every pass (there are few).
    private(set) var completing: Set<JobID> = []
    /// Per array: how many of its tasks in memory have not settled yet; the array leaves when it reaches 0.
    private(set) var unsettledTasks: [JobID: Int] = [:]
    /// The final states of retired jobs that live jobs' dependencies name (rebuilt by the store after a restart), so
    /// `afterok` and the like answer as they did while those jobs were live, also for a running job requeued later.
    public internal(set) var outcomes: [JobID: JobState] = [:]

    public init() {}

    /// `jobs` as loaded (any order); `outcomes` the final states of retired jobs that they depend on.
    init(jobs: some Sequence<Job>, outcomes: [JobID: JobState]) {
        var finished: [(job: JobID, at: Instant)] = []
        for job in jobs {
            if let array = job.arrayJobID { unsettledTasks[array, default: 0] += 1 }
            if job.state.isTerminal { finished.append((job.id, job.endTime ?? job.submitTime)) }
        }
        ended = finished.sorted { ($0.at, $0.job) < ($1.at, $1.job) }
        self.outcomes = outcomes
    }

    /// A job entered the state (submitted): an array task counts as unsettled until it settles.
    mutating func added(_ job: Job) {
        if let array = job.arrayJobID { unsettledTasks[array, default: 0] += 1 }
    }

    /// A job ended at `at` (calls come in time order, as the shell's `now` never decreases).
    mutating func ended(_ job: JobID, at: Instant) {
        ended.append((job, at))
    }

    /// When the next finished job's retention runs out, if one waits.
    func nextDue(after retention: Span) -> Instant? {
        head < ended.count ? ended[head].at + retention : nil
    }

    /// The finished jobs whose retention has run out by `now`, oldest first, taken off the queue; with the ones
    /// that were COMPLETING before, which the caller looks at again.
    mutating func due(at now: Instant, retention: Span) -> [JobID] {
        var due = completing.sorted()
        completing = []
        while head < ended.count, ended[head].at + retention <= now {
            due.append(ended[head].job)
            head += 1
        }
        if head > 1024, head * 2 > ended.count {
            ended.removeFirst(head)
            head = 0
        }
        return due
    }

    /// The job is past its retention but still COMPLETING: looked at again on the next pass.
    mutating func stillCompleting(_ job: JobID) {
        completing.insert(job)
    }

    /// An array task settled; true when it was the array's last unsettled one (the array may leave now).
    mutating func settle(taskOf array: JobID) -> Bool {
        let left = (unsettledTasks[array] ?? 1) - 1
        unsettledTasks[array] = left > 0 ? left : nil
        return left <= 0
    }

    // The queue and the counts are indexes derived from the jobs (rebuilt the same by a restart, in another order of
    // equal end times): two states are the same when their jobs and these outcomes are.
    public static func == (lhs: Retirements, rhs: Retirements) -> Bool { lhs.outcomes == rhs.outcomes }

    public func hash(into hasher: inout Hasher) { hasher.combine(outcomes) }
}
