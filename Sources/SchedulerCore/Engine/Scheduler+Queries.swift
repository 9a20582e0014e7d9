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
        for entry in plan.queue.entries {
            if wanted.contains(entry.id), result[entry.id] == nil {
                result[entry.id] = PendingOutlook(jobsAhead: ahead, reservation: plan.reservation(of: entry.id))
                // A listing's page asks for jobs near each other in the order: the walk ends with the last of them.
                if result.count == wanted.count { break }
            }
            if entry.busy, state.jobs[entry.id]?.state == .pending { ahead += 1 }
        }
        return result
    }

    /// Why the nodes cannot take a pending job now, counted per filter (Nomad's `AllocMetric`): what `aisubmit
    /// show` prints as "of 2,000 nodes: 1,620 have too few free GPUs, 300 lack the GPU model, 80 are drained".
    /// The same pipeline a cycle runs, on the nodes as they are (reservations aside: a node that fits is counted
    /// as fitting even when a reservation keeps the job off it). nil for a job that is not pending.
    public func placementReport(of id: JobID) -> PlacementReport? {
        guard let job = state.jobs[id], job.state == .pending else { return nil }
        let nodes = state.nodes.keys.sorted().compactMap { state.nodes[$0] }
        return PlacementPipeline(settings: settings).place(job.spec.request, on: nodes).report
    }

    /// Jobs `principal` may see, in id order. Users see only their own; admins see everyone's with `allUsers` (or by
    /// naming them).
    /// Without `states`, finished jobs are listed only when `includeFinished` is set.
    public func jobs(visibleTo principal: Principal, allUsers: Bool = false, states: Set<JobState> = [],
                     ids: Set<JobID> = [], includeFinished: Bool = false) -> [Job] {
        let query = JobQuery(allUsers: allUsers, states: states, ids: ids, includeFinished: includeFinished)
        return (try? jobs(matching: query, visibleTo: principal).get()) ?? []
    }

    /// The jobs of a queue listing that `principal` may see, in id order. A user who names other users is refused
    /// (naming every such user), rather than shown a silently shorter list.
    public func jobs(matching query: JobQuery, visibleTo principal: Principal) -> Result<[Job], Rejection> {
        jobPage(matching: query, visibleTo: principal, after: JobID(0), limit: .max).map(\.jobs)
    }

    /// One page of `jobs(matching:visibleTo:)`: the first `limit` jobs with ids above `after`, and whether more
    /// follow. It costs O(live jobs) per page, not a sort of every job: a listing that admits no finished job looks
    /// only at the pending and running ones, and where ids are dense it walks them upward from `after` and stops
    /// at the page's end.
    public func jobPage(matching query: JobQuery, visibleTo principal: Principal, after: JobID,
                        limit: Int) -> Result<JobPage, Rejection> {
        guard principal.role != .node else { return .success(JobPage(jobs: [], more: false)) }
        if principal.role == .user {
            let others = query.users.subtracting([principal.name]).sorted()
            guard others.isEmpty else {
                return .failure(Rejection(.permissionDenied,
                                          "\(principal.name) may list only their own jobs, not those of "
                                              + others.joined(separator: ", "),
                                          hint: "name only yourself (or no user); an admin token lists anyone's jobs"))
            }
        }
        // An admin sees anyone's jobs when asking for them: all users, named users, or named jobs (`show 42`).
        let everyone = principal.role == .admin && (query.allUsers || !query.users.isEmpty || query.namesJobs)
        func admits(_ job: Job) -> Bool {
            if !query.users.isEmpty, !query.users.contains(job.spec.user) { return false }
            guard everyone || job.spec.user == principal.name else { return false }
            return query.admitsState(of: job)
        }
        let candidates = candidateCount(query)
        let following = state.nextJobID > after.rawValue ? state.nextJobID - after.rawValue - 1 : 0
        var page: [Job] = []
        if !query.namesJobs, following <= UInt64(candidates) * 4 {
            // Dense ids: walking them upward finds the page in id order, and stops one past its end.
            var id = after.rawValue + 1
            while id < state.nextJobID, page.count <= limit {
                if let job = state.jobs[JobID(id)], admits(job) { page.append(job) }
                id += 1
            }
        } else {
            page = candidateJobs(query).filter { $0.id > after && admits($0) }
            page.sort { $0.id < $1.id }
        }
        let more = page.count > limit
        if more { page.removeLast(page.count - limit) }
        return .success(JobPage(jobs: page, more: more))
    }

    /// How many jobs `candidateJobs` would look at.
    private func candidateCount(_ query: JobQuery) -> Int {
        query.admitsOnlyLiveStates ? state.pendingIDs.count + state.runningIDs.count : state.jobs.count
    }

    /// The jobs a listing must look at: those it names, else only the live ones when it admits no finished job.
    private func candidateJobs(_ query: JobQuery) -> [Job] {
        if query.namesJobs { return namedJobs(query).compactMap { state.jobs[$0] } }
        guard query.admitsOnlyLiveStates else { return Array(state.jobs.values) }
        return (state.pendingIDs.compactMap { state.jobs[$0] }) + state.runningIDs.compactMap { state.jobs[$0] }
    }

    /// The ids a query names, its array selectors expanded (an array's id: every task; `42_3`: one task).
    private func namedJobs(_ query: JobQuery) -> Set<JobID> {
        var ids = query.ids.filter { state.jobs[$0] != nil }
        for selector in query.selectors { ids.formUnion(state.jobs(selectedBy: selector)) }
        return ids
    }
}
