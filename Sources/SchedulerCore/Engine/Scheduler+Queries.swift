/// Read-only questions shells ask on behalf of clients, with the visibility rules applied.
extension Scheduler {
    /// A job, if `principal` may see it: its owner and admins may; other users and nodes may not.
    public func job(_ id: JobID, visibleTo principal: Principal) -> Result<Job, Rejection> {
        guard let job = state.jobs[id], principal.mayControl(job) else {
            return .failure(notVisible(id, to: principal))
        }
        return .success(job)
    }

    /// What a pending job waits for beyond its reason: the jobs ahead of it that wait for resources and, for a
    /// reserved job, its reservation (when it is expected to start, where, and after which jobs). nil for a job
    /// that is not pending or that no cycle has ranked yet.
    public func outlooks(of ids: [JobID]) -> [JobID: PendingOutlook] {
        let wanted = Set(ids.filter { state.jobs[$0]?.state == .pending })
        guard !wanted.isEmpty else { return [:] }
        var result: [JobID: PendingOutlook] = [:]
        var ahead = 0
        for entry in plan.entries {
            if wanted.contains(entry.id), result[entry.id] == nil {
                result[entry.id] = PendingOutlook(jobsAhead: ahead, reservation: plan.reservation(of: entry.id))
            }
            if entry.busy, state.jobs[entry.id]?.state == .pending { ahead += 1 }
        }
        return result
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
