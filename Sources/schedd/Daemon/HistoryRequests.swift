import SchedulerCore
import SchedulerProtocol
import SchedulerStore

/// `queryHistory` (sacct) and the database reads behind `show`, `wait` and `logs` of a job that has left the live
/// state: SQL on a read connection of the store, on the `QueryPool`'s threads, never on the scheduler's actor.
/// Users see their own jobs, as with `queryJobs`; admins anyone's, by name or with `allUsers`.
struct HistoryRequests: Sendable {
    let queries: QueryPool
    let client: QueryPool.Client
    let store: StateStore
    let budget: ReplyBudget

    func handle(_ frame: Frame, _ principal: Principal) async throws -> Frame {
        let request = try frame.decode(QueryHistory.self)
        var asked = try Self.query(from: request, for: principal).get()
        asked.limit = Int(request.limit == 0 ? RequestRouter.pageSize : min(request.limit, RequestRouter.pageSize))
        let query = asked
        let store = self.store
        let budget = self.budget
        return try await queries.run(for: client) {
            let (jobs, more) = try Self.read { try store.history(query) }
            if jobs.isEmpty, request.afterJobID == 0, request.selectors.count == 1, let name = request.selectors.first {
                throw ErrorReply(code: .notFound, message: "no job \(name) of yours in the history",
                                 hint: "list your jobs with `aisubmit history --starttime 2020-01-01`")
            }
            let infos = jobs.lazy.map { WireMapping.info(from: $0, includeHistory: false) }
            let list = JobListingEntry.page(infos, count: jobs.count, budget: budget, moreBeyond: more)
            return Frame(kind: .historyList, requestID: frame.requestID, message: list)
        }
    }

    /// The request as a store query for `principal`; every unreadable state, job name and refused user at once.
    static func query(from request: QueryHistory, for principal: Principal) -> Result<HistoryQuery, ErrorReply> {
        var query = HistoryQuery(projects: request.projects)
        var problems = RequestProblems()
        if principal.role == .admin {
            query.users = request.allUsers ? [] : (request.users.isEmpty ? [principal.name] : request.users)
        } else {
            let others = request.users.filter { $0 != principal.name }
            if request.allUsers || !others.isEmpty {
                problems.add("\(principal.name) may see only their own jobs"
                                 + (others.isEmpty ? "" : ", not those of " + others.sorted().joined(separator: ", ")),
                             hint: "leave out --user and --all-users to see your own jobs; an admin token sees anyone's",
                             refusal: true)
            }
            query.users = [principal.name]
        }
        for name in request.states {
            if let state = JobState(rawValue: name.uppercased()) {
                query.states.append(state)
            } else {
                problems.add("unknown job state \"\(name)\"",
                             hint: "states: " + JobState.allCases.map(\.rawValue).joined(separator: ", "))
            }
        }
        query.selectors = problems.selectors(request.selectors)
        if request.fromMs != 0 { query.from = Instant(milliseconds: request.fromMs) }
        if request.toMs != 0 { query.to = Instant(milliseconds: request.toMs) }
        if let from = query.from, let to = query.to, to < from {
            problems.add("the window ends before it starts", hint: "give --endtime after --starttime")
        }
        guard problems.isEmpty else { return .failure(problems.reply) }
        return .success(query)
    }

    /// Jobs a live listing named that are no longer live (retired: their ids were given out, they are not in the
    /// state), read from the store as `principal` may see them, in id order; with their state histories if asked.
    static func retired(named selectors: [JobSelector], ids: [JobID], in scheduler: Scheduler, store: StateStore,
                        for principal: Principal, includeHistory: Bool) throws -> [Job] {
        let gone = (selectors + ids.map(JobSelector.job)).filter { selector in
            selector.anchor.rawValue < scheduler.state.nextJobID && scheduler.state.jobs[selector.anchor] == nil
        }
        guard !gone.isEmpty, principal.role != .node else { return [] }
        let users = principal.role == .admin ? [] : [principal.name]
        var jobs: [Job] = []
        var after = JobID(0)
        while true {
            let page = try read { try store.history(HistoryQuery(users: users, selectors: gone, afterID: after,
                                                                 limit: Int(RequestRouter.pageSize))) }
            jobs += page.jobs
            guard page.more, let last = page.jobs.last else { break }
            after = last.id
        }
        guard includeHistory else { return jobs }
        return try jobs.map { job in try read { try store.storedJob(job.id) } ?? job }
    }

    /// One job from the store if `principal` may see it and it has left the live state; nil otherwise.
    static func retiredJob(_ id: JobID, in scheduler: Scheduler, store: StateStore,
                           for principal: Principal) throws -> Job? {
        guard id.rawValue < scheduler.state.nextJobID, scheduler.state.jobs[id] == nil,
              let job = try read({ try store.storedJob(id) }), principal.mayControl(job) else { return nil }
        return job
    }

    /// A store failure as the error reply a client sees.
    private static func read<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw ErrorReply(code: .unavailable, message: "schedd cannot read its database: \(error.message)",
                             hint: "try again; if it persists, an admin should check schedd's log and its state directory")
        }
    }
}
