/// Which jobs a queue listing asks for (`aisubmit queue`, Slurm's squeue): whose, which ones, in which states.
/// Every empty filter means "no filter"; the filters that are set must all hold.
public struct JobQuery: Hashable, Sendable {
    /// Admins: every user's jobs, not only their own.
    public var allUsers: Bool
    /// Only these users' jobs (squeue's `-u`). A user may name only themself; an admin anyone.
    public var users: Set<String>
    /// Jobs in these states. With no state and no `completing`, finished jobs are left out unless
    /// `includeFinished`, or unless the query names jobs.
    public var states: Set<JobState>
    /// Also jobs that are COMPLETING (Slurm's `CG`, see `Job.isCompleting`).
    public var completing: Bool
    /// Jobs by id, each exactly that job.
    public var ids: Set<JobID>
    /// Jobs as Slurm names them: an array's id names all its tasks, `42_3` one task.
    public var selectors: [JobSelector]
    public var includeFinished: Bool

    public init(allUsers: Bool = false, users: Set<String> = [], states: Set<JobState> = [], completing: Bool = false,
                ids: Set<JobID> = [], selectors: [JobSelector] = [], includeFinished: Bool = false) {
        self.allUsers = allUsers
        self.users = users
        self.states = states
        self.completing = completing
        self.ids = ids
        self.selectors = selectors
        self.includeFinished = includeFinished
    }

    /// The query names particular jobs (then it lists them whatever their state, as squeue `-j` does).
    public var namesJobs: Bool { !ids.isEmpty || !selectors.isEmpty }

    /// Whether a job's state passes the state filters.
    /// Only pending and running jobs can match (no finished state asked for, none named).
    var admitsOnlyLiveStates: Bool {
        if namesJobs || completing { return false }
        if !states.isEmpty { return states.allSatisfy { !$0.isTerminal } }
        return !includeFinished
    }

    func admitsState(of job: Job) -> Bool {
        if !states.isEmpty || completing {
            return states.contains(job.state) || (completing && job.isCompleting)
        }
        return includeFinished || namesJobs || !job.state.isTerminal
    }
}
