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
        let query = JobQuery(allUsers: allUsers, states: states, ids: ids, includeFinished: includeFinished)
        return (try? jobs(matching: query, visibleTo: principal).get()) ?? []
    }

    /// The jobs of a queue listing that `principal` may see, in id order. A user who names other users is refused
    /// (naming every such user), rather than shown a silently shorter list.
    public func jobs(matching query: JobQuery, visibleTo principal: Principal) -> Result<[Job], Rejection> {
        guard principal.role != .node else { return .success([]) }
        if principal.role == .user {
            let others = query.users.subtracting([principal.name]).sorted()
            guard others.isEmpty else {
                return .failure(Rejection(.permissionDenied,
                                          "\(principal.name) may list only their own jobs, not those of "
                                              + others.joined(separator: ", "),
                                          hint: "name only yourself (or no user); an admin token lists anyone's jobs"))
            }
        }
        let everyone = principal.role == .admin && (query.allUsers || !query.users.isEmpty)
        let named = query.namesJobs ? namedJobs(query) : nil
        let candidates = named.map { $0.compactMap { state.jobs[$0] } } ?? Array(state.jobs.values)
        return .success(candidates.filter { job in
            if !query.users.isEmpty, !query.users.contains(job.spec.user) { return false }
            guard everyone || job.spec.user == principal.name else { return false }
            return query.admitsState(of: job)
        }.sorted { $0.id < $1.id })
    }

    /// The ids a query names, its array selectors expanded (an array's id: every task; `42_3`: one task).
    private func namedJobs(_ query: JobQuery) -> Set<JobID> {
        var ids = query.ids.filter { state.jobs[$0] != nil }
        for selector in query.selectors { ids.formUnion(state.jobs(selectedBy: selector)) }
        return ids
    }
}
