/// Read-only questions shells ask on behalf of clients, with the visibility rules applied.
extension Scheduler {
    /// A job, if `principal` may see it: its owner and admins may; other users and nodes may not.
    public func job(_ id: JobID, visibleTo principal: Principal) -> Result<Job, Rejection> {
        guard let job = state.jobs[id], principal.mayControl(job) else {
            return .failure(notVisible(id, to: principal))
        }
        return .success(job)
    }

    /// Jobs `principal` may see, in id order. Users see only their own; admins see everyone's with `allUsers`.
    /// Without `states`, finished jobs are listed only when `includeFinished` is set.
    public func jobs(visibleTo principal: Principal, allUsers: Bool = false, states: Set<JobState> = [],
                     ids: Set<JobID> = [], includeFinished: Bool = false) -> [Job] {
        guard principal.role != .node else { return [] }
        let everyone = allUsers && principal.role == .admin
        return state.jobs.values.filter { job in
            guard everyone || job.spec.user == principal.name else { return false }
            if !ids.isEmpty, !ids.contains(job.id) { return false }
            if !states.isEmpty { return states.contains(job.state) }
            return includeFinished || !ids.isEmpty || !job.state.isTerminal
        }.sorted { $0.id < $1.id }
    }
}
