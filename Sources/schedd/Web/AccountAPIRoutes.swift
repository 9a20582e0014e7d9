import AischedClient
import Foundation
import Hummingbird
import HummingbirdCore
import SchedulerCore
import SchedulerProtocol

/// The API's accounting reads (docs/HTTP-API.md): burn-down series, the fair-share tree, funders' reports (JSON or
/// CSV), the audit log and the queue over time. Each is one RPC request asked as the caller, so a viewer gets the
/// aggregates of its schemes and nothing else, and the audit log stays the admins'.
struct AccountAPIRoutes: Sendable {
    let bridge: RPCBridge
    let caller: WebCaller

    func add(to router: Router<WebContext>) {
        let api = router.group("api/v1")
        api.get("schemes") { request, context in try await WebResponse.api { try await schemes(request, context) } }
        api.get("usage/series") { request, context in try await WebResponse.api { try await series(request, context) } }
        api.get("fairshare") { request, context in try await WebResponse.api { try await fairShare(request, context) } }
        api.get("reports/funding") { request, context in try await funding(request, context) }
        api.get("audit") { request, context in try await WebResponse.api { try await audit(request, context) } }
        api.get("queue/series") { request, context in try await WebResponse.api { try await queue(request, context) } }
    }

    /// `GET /api/v1/schemes`: the names of the schemes the caller may look at.
    private func schemes(_ request: Request, _ context: WebContext) async throws -> some Encodable {
        let principal = try caller.principal(of: request)
        return ["schemes": try await bridge.schemes(of: principal, on: context.channel)]
    }

    /// `GET /api/v1/usage/series?scheme=S&project=P&from=D&to=D&step=day`: budget-counted GPU-hours per project and
    /// step (the last 30 days by day unless asked).
    private func series(_ request: Request, _ context: WebContext) async throws -> some Encodable {
        let principal = try caller.principal(of: request)
        let parameters = request.uri.queryParameters
        let window = try ReportWindow.read(parameters, defaults: .recent(now: WallClock().now().milliseconds)).get()
        return UsageSeriesJSON(try await bridge.usageSeries(scheme: try Self.required("scheme", in: parameters),
                                                            project: parameters["project"].map(String.init) ?? "",
                                                            window, as: principal, on: context.channel))
    }

    /// `GET /api/v1/fairshare?scheme=S`: the Fair Tree's nodes in its order, as the caller may see them.
    private func fairShare(_ request: Request, _ context: WebContext) async throws -> some Encodable {
        let principal = try caller.principal(of: request)
        let levels = try await bridge.fairShare(scheme: request.uri.queryParameters["scheme"].map(String.init) ?? "",
                                                as: principal, on: context.channel)
        return ["levels": levels.map(FairShareLevelJSON.init)]
    }

    /// `GET /api/v1/reports/funding?scheme=S&from=D&to=D&format=csv`: GPU-hours per project, user and budget period,
    /// as `aisubmit admin report`; CSV as a download, JSON otherwise.
    private func funding(_ request: Request, _ context: WebContext) async throws -> Response {
        let csv = request.uri.queryParameters["format"] == "csv"
        do {
            let (request, rows) = try await fundingReport(request, context)
            guard csv else { return try WebResponse.json(["rows": rows.map(FundingRowJSON.init)]) }
            let name = "aisched-\(request.scheme)-\(JobJSON.time(request.fromMs)?.prefix(10) ?? "")-"
                + "\(JobJSON.time(request.toMs)?.prefix(10) ?? "").csv"
            return WebResponse.download(FundingReportCSV.text(rows), contentType: "text/csv; charset=utf-8", filename: name)
        } catch let error as WebError {
            return try WebResponse.json(["error": error.message, "hint": error.hint], status: error.status)
        }
    }

    /// The funder report the query string asks for (the last 30 days unless asked).
    private func fundingReport(_ request: Request,
                               _ context: WebContext) async throws -> (FundingReportRequest, [FundingReportRow]) {
        let principal = try caller.principal(of: request)
        let parameters = request.uri.queryParameters
        let window = try ReportWindow.read(parameters, defaults: .recent(now: WallClock().now().milliseconds)).get()
        let query = FundingReportRequest(scheme: try Self.required("scheme", in: parameters), fromMs: window.fromMs,
                                         toMs: window.toMs)
        return (query, try await bridge.fundingReport(query, as: principal, on: context.channel))
    }

    /// `GET /api/v1/audit?after=SEQ&limit=N&subject=project%20P`: a page of the audit log (admins).
    private func audit(_ request: Request, _ context: WebContext) async throws -> some Encodable {
        let principal = try caller.principal(of: request)
        let parameters = request.uri.queryParameters
        var query = ListAudit()
        var problems: [String] = []
        if let after = parameters["after"] {
            if let seq = UInt64(after) { query.afterSeq = seq } else { problems.append("after=\(after) is not a sequence number") }
        }
        if let limit = parameters["limit"] {
            if let n = UInt32(limit), n > 0 { query.limit = n } else { problems.append("limit=\(limit) is not a positive number") }
        }
        query.subject = parameters["subject"].map(String.init) ?? ""
        guard problems.isEmpty else {
            throw WebError(.badRequest, problems.joined(separator: "; "), hint: "after is the last seq of the page before")
        }
        let list = try await bridge.ask(.listAudit, query, as: principal, on: context.channel, expecting: AuditList.self)
        return AuditPageJSON(entries: list.entries.map(AuditEntryJSON.init), more: list.more)
    }

    /// `GET /api/v1/queue/series?from=T&to=T`: the queue as sampled each minute (the last 24 hours unless asked).
    private func queue(_ request: Request, _ context: WebContext) async throws -> some Encodable {
        let principal = try caller.principal(of: request)
        let now = WallClock().now().milliseconds
        let window = try ReportWindow.read(request.uri.queryParameters,
                                           defaults: ReportWindow(fromMs: now - 86_400_000, toMs: now, stepMs: 60_000)).get()
        let samples = try await bridge.queueSamples(from: window.fromMs, to: window.toMs, as: principal, on: context.channel)
        return ["samples": samples.map(QueueSampleJSON.init)]
    }

    static func required(_ name: Substring, in parameters: FlatDictionary<Substring, Substring>) throws -> String {
        guard let value = parameters[name], !value.isEmpty else {
            throw WebError(.badRequest, "\(name) is required", hint: "GET /api/v1/schemes lists the schemes you may ask about")
        }
        return String(value)
    }
}

struct AuditPageJSON: Encodable {
    let entries: [AuditEntryJSON]
    /// More entries follow: ask again with `after` = the last seq of this page.
    let more: Bool
}
