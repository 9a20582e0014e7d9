import NIOCore
import SchedulerCore
import SchedulerProtocol

/// The accounting RPCs the API and the pages both ask, built in one place: a scheme's usage, its usage series, the
/// fair-share tree, a funder report, the queue's samples, and the schemes a caller may look at.
extension RPCBridge {
    /// The funding schemes the caller may look at: a viewer's are in its token; a user's and an admin's are the ones
    /// `listAccounts` shows them (a user: the schemes of their projects).
    func schemes(of principal: Principal, on channel: any Channel) async throws -> [String] {
        if principal.role == .viewer { return principal.schemes.sorted() }
        let list = try await ask(.listAccounts, ListAccounts(), as: principal, on: channel, expecting: AccountList.self)
        return list.schemes.map(\.name).sorted()
    }

    /// A whole scheme: its own line and each of its projects the caller may see.
    func usage(ofScheme scheme: String, as principal: Principal, on channel: any Channel) async throws -> UsageReport {
        var query = QueryUsage()
        query.scheme = scheme
        return try await ask(.queryUsage, query, as: principal, on: channel, expecting: UsageReport.self)
    }

    /// The Fair Tree as the caller may see it; `scheme` "" for every scheme.
    func fairShare(scheme: String, as principal: Principal, on channel: any Channel) async throws -> [FairShareLevelInfo] {
        var query = FairShareRequest()
        query.scheme = scheme
        return try await ask(.fairShareTree, query, as: principal, on: channel, expecting: FairShareTreeInfo.self).levels
    }

    /// Budget-counted GPU-hours per project (or of `project`, when not "") and step of `window`.
    func usageSeries(scheme: String, project: String, _ window: ReportWindow, as principal: Principal,
                     on channel: any Channel) async throws -> UsageSeries {
        var query = UsageSeriesRequest()
        (query.scheme, query.project) = (scheme, project)
        (query.fromMs, query.toMs, query.stepMs) = (window.fromMs, window.toMs, window.stepMs)
        return try await ask(.usageSeries, query, as: principal, on: channel, expecting: UsageSeries.self)
    }

    func fundingReport(_ request: FundingReportRequest, as principal: Principal,
                       on channel: any Channel) async throws -> [FundingReportRow] {
        try await ask(.fundingReport, request, as: principal, on: channel, expecting: FundingReportRows.self).rows
    }

    /// The queue's samples taken in [from, to).
    func queueSamples(from: Int64, to: Int64, as principal: Principal,
                      on channel: any Channel) async throws -> [QueueSampleInfo] {
        var query = QueueSeriesRequest()
        (query.fromMs, query.toMs) = (from, to)
        return try await ask(.queueSeries, query, as: principal, on: channel, expecting: QueueSeries.self).samples
    }
}
