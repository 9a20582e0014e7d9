import AischedClient
import Foundation
import Hummingbird
import SchedulerCore
import SchedulerProtocol

/// The dashboard's accounting pages: the schemes, one scheme, one project, the fair-share tree and the funder report.
/// Each asks the RPCs as the caller, so a viewer sees the aggregates of its schemes, a user their own projects.
struct AccountPageRoutes: Sendable {
    let bridge: RPCBridge
    let caller: WebCaller

    func add(to router: Router<WebContext>) {
        router.get("schemes") { request, context in await caller.page(request) { try await schemes($0, context) } }
        router.get("schemes/:scheme") { request, context in await caller.page(request) { try await scheme($0, context) } }
        router.get("schemes/:scheme/projects/:project") { request, context in
            await caller.page(request) { try await project($0, context) }
        }
        router.get("fairshare") { request, context in await caller.page(request) { try await fairShare(request, $0, context) } }
        router.get("reports") { request, context in await caller.page(request) { try await report(request, $0, context) } }
    }

    private func schemes(_ principal: Principal, _ context: WebContext) async throws -> String {
        var rows: [[String]] = []
        for name in try await bridge.schemes(of: principal, on: context.channel) {
            let usage = try await bridge.usage(ofScheme: name, as: principal, on: context.channel)
            let budget = usage.schemes.first.flatMap(BudgetLine.init)
            rows.append(["<a href=\"/schemes/\(HTML.escape(name))\">\(HTML.escape(name))</a>",
                         HTML.number(budget.map { BudgetLine.hours($0.allocated) }),
                         HTML.number(budget.map { BudgetLine.hours($0.used) }),
                         HTML.escape(budget?.outlook ?? "no budget of its own"),
                         HTML.number(String(usage.projects.count)),
                         HTML.number(String(usage.schemes.first?.gpusInUse ?? 0))])
        }
        let body = "<h2>Funding schemes</h2>" + HTML.table(["Scheme", "Budget (GPU-h)", "Used", "Outlook", "Projects",
                                                            "GPUs in use"], rows, id: "schemes")
        return HTML.page(title: "Schemes", who: principal, live: true, body)
    }

    private func scheme(_ principal: Principal, _ context: WebContext) async throws -> String {
        let name = context.parameters.get("scheme") ?? ""
        let now = WallClock().now().milliseconds
        let usage = try await bridge.usage(ofScheme: name, as: principal, on: context.channel)
        let window = Self.window(usage.schemes.first.flatMap(BudgetLine.init), now: now)
        let page = SchemePage(scheme: name, usage: usage,
                              levels: try await bridge.fairShare(scheme: name, as: principal, on: context.channel),
                              series: try await bridge.usageSeries(scheme: name, project: "", window, as: principal,
                                                                   on: context.channel),
                              rows: try await rows(name, from: window.fromMs, to: now, principal, context),
                              wholeScheme: principal.seesWholeScheme(name), now: now)
        return HTML.page(title: "Scheme \(name)", who: principal, live: true, page.html)
    }

    private func project(_ principal: Principal, _ context: WebContext) async throws -> String {
        let (scheme, name) = (context.parameters.get("scheme") ?? "", context.parameters.get("project") ?? "")
        let now = WallClock().now().milliseconds
        let usage = try await bridge.usage(ofScheme: scheme, as: principal, on: context.channel)
        guard let info = usage.projects.first(where: { $0.project == name }) else {
            throw WebError(.notFound, "no project \(name) in scheme \(scheme) that this login may see",
                           hint: "the scheme's page lists its projects you may see")
        }
        let window = Self.window(BudgetLine(info), now: now)
        let page = ProjectPage(scheme: scheme, info: info,
                               levels: try await bridge.fairShare(scheme: scheme, as: principal, on: context.channel),
                               series: try await bridge.usageSeries(scheme: scheme, project: name, window, as: principal,
                                                                    on: context.channel),
                               rows: try await rows(scheme, from: window.fromMs, to: now, principal, context), now: now)
        return HTML.page(title: "Project \(name)", who: principal, live: true, page.html)
    }

    private func fairShare(_ request: Request, _ principal: Principal, _ context: WebContext) async throws -> String {
        let scheme = request.uri.queryParameters["scheme"].map(String.init) ?? ""
        let page = FairSharePage(levels: try await bridge.fairShare(scheme: scheme, as: principal, on: context.channel))
        return HTML.page(title: "Fair share", who: principal, live: true, page.html)
    }

    private func report(_ request: Request, _ principal: Principal, _ context: WebContext) async throws -> String {
        let schemes = try await bridge.schemes(of: principal, on: context.channel)
        let now = WallClock().now().milliseconds
        let chosen = request.uri.queryParameters["scheme"].map(String.init)
        let window = try ReportWindow.read(request.uri.queryParameters, defaults: .recent(now: now)).get()
        var rows: [FundingReportRow]?
        if let chosen, !chosen.isEmpty {
            rows = try await bridge.fundingReport(FundingReportRequest(scheme: chosen, fromMs: window.fromMs, toMs: window.toMs),
                                                  as: principal, on: context.channel)
        }
        let page = FundingReportPage(schemes: schemes, request: FundingReportRequest(scheme: chosen ?? schemes.first ?? "",
                                                                                     fromMs: window.fromMs, toMs: window.toMs),
                                     rows: rows)
        return HTML.page(title: "Funder report", who: principal, scripts: ["report.js"], page.html)
    }

    /// The report's rows for the top users, when the caller may ask for the scheme's report (not a user).
    private func rows(_ scheme: String, from: Int64, to: Int64, _ principal: Principal,
                      _ context: WebContext) async throws -> [FundingReportRow]? {
        guard RPC.fundingReport.descriptor.admits(principal), to > from else {
            return nil
        }
        return try await bridge.fundingReport(FundingReportRequest(scheme: scheme, fromMs: from, toMs: to), as: principal,
                                              on: context.channel)
    }

    /// The budget's period, by day (by week past 999 days); without a budget the last 30 days.
    static func window(_ budget: BudgetLine?, now: Int64) -> ReportWindow {
        guard let budget else { return .recent(now: now) }
        let day: Int64 = 86_400_000
        let step = (budget.periodEndMs - budget.periodStartMs) / day >= Int64(UsageSteps.maximumSteps) ? 7 * day : day
        return ReportWindow(fromMs: budget.periodStartMs, toMs: budget.periodEndMs, stepMs: step)
    }
}
