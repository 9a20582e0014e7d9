import SchedulerCore
import SchedulerProtocol
import SchedulerStore

/// Usage, funders' reports, burn-down series, the fair-share tree and the queue over time: the aggregates users,
/// admins and viewers read. Who sees which projects is the core's `visibleProjects(ofScheme:for:)`; the ledger and the
/// queue samples are read on the query pool. RequestRouter calls the one its RPC table names.
struct ReportRequests {
    let queries: QueryPool
    /// Whose turn the pool's work for this request takes (the connection).
    let client: QueryPool.Client
    let store: StateStore

    func usage(_ frame: Frame, _ principal: Principal) async throws -> Frame {
        let query = try frame.decode(QueryUsage.self)
        let now = WallClock().now()
        var report = UsageReport()
        if !query.scheme.isEmpty {
            guard query.user.isEmpty, query.project.isEmpty else {
                throw ErrorReply(code: .invalidRequest, message: "ask for a scheme, or for a user's or a project's usage, not both",
                                 hint: "a scheme's usage lists all its projects the token may see")
            }
            let scheme = try await queries.read(for: client) { $0.schemeUsage(query.scheme, visibleTo: principal, at: now) }
                .mapError(WireMapping.errorReply).get()
            report.schemes = [AccountWireMapping.schemeUsageInfo(scheme)]
            report.projects = scheme.projects.map(Self.line)
        } else {
            let user = query.user.isEmpty ? principal.name : query.user
            report.projects = try await queries.read(for: client) {
                $0.usage(of: user, project: query.project.isEmpty ? nil : query.project, visibleTo: principal, at: now)
            }.mapError(WireMapping.errorReply).get().map(Self.line)
        }
        return Frame(kind: .usageReport, requestID: frame.requestID, message: report)
    }

    private static func line(_ usage: ProjectUsage) -> ProjectUsageInfo {
        AccountWireMapping.usageInfo(project: usage.project, budget: usage.budget, fairShare: usage.fairShare,
                                     inUse: usage.inUse,
                                     status: AccountWireMapping.usageStatus(expired: usage.expired, verdict: usage.verdict))
    }

    func fundingReport(_ frame: Frame, _ principal: Principal) async throws -> Frame {
        let request = try frame.decode(FundingReportRequest.self)
        let (projects, accounts) = try await visible(request.scheme, principal)
        let store = self.store
        let charges = try await queries.run(for: client) {
            try store.ledger(projects: Set(projects), from: Instant(milliseconds: request.fromMs),
                             to: Instant(milliseconds: request.toMs))
        }
        let rows = try AccountWireMapping.fundingReport(request, charges: charges, accounts: accounts).get()
        return Frame(kind: .fundingReportRows, requestID: frame.requestID, message: rows)
    }

    func usageSeries(_ frame: Frame, _ principal: Principal) async throws -> Frame {
        let request = try frame.decode(UsageSeriesRequest.self)
        let (from, to) = (Instant(milliseconds: request.fromMs), Instant(milliseconds: request.toMs))
        let step = Span(milliseconds: request.stepMs)
        let problems = UsageSteps.problems(from: from, to: to, step: step)
        guard problems.isEmpty else {
            throw ErrorReply(code: .invalidRequest, message: problems.joined(separator: "; "),
                             hint: "e.g. a budget period by day: fromMs and toMs of the period, stepMs 86400000")
        }
        var (projects, _) = try await visible(request.scheme, principal)
        if !request.project.isEmpty {
            guard projects.contains(request.project) else {
                throw ErrorReply(code: .notFound, message: "no project \(request.project) in scheme \(request.scheme) that this token may see",
                                 hint: "the scheme's usage lists its projects")
            }
            projects = [request.project]
        }
        let store = self.store
        let names = Set(projects)
        let steps = try await queries.run(for: client) {
            UsageSteps(charges: try store.ledger(projects: names, from: from, to: to), projects: names,
                       from: from, to: to, step: step)
        }
        return Frame(kind: .usageSeriesReply, requestID: frame.requestID, message: AccountWireMapping.usageSeries(steps))
    }

    func fairShareTree(_ frame: Frame, _ principal: Principal) async throws -> Frame {
        let request = try frame.decode(FairShareRequest.self)
        let now = WallClock().now()
        let levels = try await queries.read(for: client) {
            $0.fairShareLevels(scheme: request.scheme.isEmpty ? nil : request.scheme, visibleTo: principal, at: now)
        }.mapError(WireMapping.errorReply).get()
        var tree = FairShareTreeInfo()
        tree.levels = levels.map(AccountWireMapping.fairShareLevel)
        return Frame(kind: .fairShareTreeReply, requestID: frame.requestID, message: tree)
    }

    /// The samples in the window (24 hours to now by default); a window over the kept month is refused.
    func queueSeries(_ frame: Frame) async throws -> Frame {
        let request = try frame.decode(QueueSeriesRequest.self)
        let to = request.toMs == 0 ? WallClock().now() : Instant(milliseconds: request.toMs)
        let from = request.fromMs == 0 ? Instant(milliseconds: to.milliseconds - 86_400_000)
            : Instant(milliseconds: request.fromMs)
        guard from < to else {
            throw ErrorReply(code: .invalidRequest, message: "the window must end after it starts",
                             hint: "leave both out for the last 24 hours")
        }
        let store = self.store
        let samples = try await queries.run(for: client) { try store.queueSamples(from: from, to: to) }
        var series = QueueSeries()
        series.samples = samples.map(AccountWireMapping.queueSample)
        return Frame(kind: .queueSeriesReply, requestID: frame.requestID, message: series)
    }

    /// The projects of `scheme` the principal may see, and the accounts they were read from.
    private func visible(_ scheme: String, _ principal: Principal) async throws -> ([String], AccountRegistry) {
        try await queries.read(for: client) { scheduler in
            scheduler.visibleProjects(ofScheme: scheme, for: principal).map { ($0, scheduler.state.accounts) }
        }.mapError(WireMapping.errorReply).get()
    }
}
