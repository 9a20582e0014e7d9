/// Where a project stands: what `aisubmit usage` shows for it.
public struct ProjectUsage: Sendable {
    public var project: Project
    public var budget: BudgetState
    /// The asking user's Fair Tree factor in the project (nil: not a leaf of the tree, which counts as 1).
    public var fairShare: Double?
    public var inUse: AccountInUse
    public var expired: Bool
    /// What would stop a small normal job of the project now (budget, limits), nil if nothing.
    public var verdict: QuotaVerdict?
}

/// Where a pending job stands in the queue: what `aisubmit priority JOB` shows.
public struct JobPriority: Sendable {
    public var breakdown: PriorityBreakdown
    public var input: PriorityInput
    public var model: MultifactorPriority
    /// 1-based place among pending jobs that are not held; 0 when held.
    public var position: Int
    public var pendingJobs: Int
}

/// Read-only accounting questions, with visibility rules: users see their own projects and jobs.
extension Scheduler {
    /// Each project of `user` (or just `project`), for `principal` (users may only ask about themselves).
    public func usage(of user: String, project: String?, visibleTo principal: Principal,
                      at now: Instant) -> Result<[ProjectUsage], Rejection> {
        guard principal.role != .viewer else {
            return .failure(Rejection(.permissionDenied, "a viewer token sees usage by funding scheme",
                                      hint: "ask for one of its schemes: \(principal.schemes.sorted().joined(separator: ", "))"))
        }
        guard principal.role == .admin || user == principal.name else {
            return .failure(Rejection(.permissionDenied, "only admins can see another user's usage",
                                      hint: "leave out the user to see your own usage"))
        }
        let accounts = state.accounts
        var names = principal.role == .admin && user != principal.name && accounts.users[user] == nil
            ? [] : accounts.projects(of: user)
        if let project {
            guard accounts.projects[project] != nil else {
                return .failure(Rejection(.notFound, "unknown project \"\(project)\""))
            }
            guard principal.role == .admin || names.contains(project) else {
                return .failure(Rejection(.permissionDenied, "you are not a member of project \(project)"))
            }
            names = [project]
        }
        let factors = state.book.fairShare(accounts: accounts, at: now)
        return .success(projectUsages(names, snapshot: quotaSnapshot(at: now), at: now) { name in
            factors.factor(for: UsageKey(project: name, user: user))
        })
    }

    /// The lines of the projects named (those that exist), each with the factor `fairShare` gives it.
    func projectUsages(_ names: [String], snapshot: QuotaSnapshot, at now: Instant,
                       fairShare: (String) -> Double?) -> [ProjectUsage] {
        let accounts = state.accounts
        let check = QuotaCheck(accounts: accounts, qos: state.book.policy.qos)
        return names.compactMap { name in
            guard let p = accounts.projects[name] else { return nil }
            let expired = accounts.accountPath(ofProject: name).contains { ref in
                accounts.expiry(of: ref).map { $0 <= now } ?? false
            }
            let probe = QuotaRequest(project: name, qos: .normal, gpus: 0)
            return ProjectUsage(project: p, budget: state.book.budgetState(of: .project(name), accounts: accounts, at: now),
                                fairShare: fairShare(name), inUse: snapshot.inUse(.project(name)), expired: expired,
                                verdict: check.pendingReason(probe, snapshot: snapshot, at: now))
        }
    }

    /// The priority terms of a pending job and its place in the queue.
    public func priority(of id: JobID, visibleTo principal: Principal, at now: Instant) -> Result<JobPriority, Rejection> {
        let job: Job
        switch self.job(id, visibleTo: principal) {
        case .failure(let rejection): return .failure(rejection)
        case .success(let found): job = found
        }
        guard job.state == .pending else {
            return .failure(Rejection(.conflict, "job \(id) is \(job.state.rawValue); priority matters only while it waits"))
        }
        let factors = state.book.fairShare(accounts: state.accounts, at: now)
        let model = multifactorPriority()
        let input = priorityInput(job, factors: factors)
        let order = priorityOrder(at: now).filter { state.jobs[$0]?.held == false }
        let position = job.held ? 0 : (order.firstIndex(of: id) ?? -1) + 1
        return .success(JobPriority(breakdown: model.breakdown(input, at: now), input: input, model: model,
                                    position: position, pendingJobs: order.count))
    }
}
