import AischedClient
import SchedulerProtocol

/// One project of a scheme: its budget's burn-down and run-out date, its members' places in the Fair Tree, and
/// who used its GPU-hours in the period (for those who may read the scheme's report).
struct ProjectPage {
    let scheme: String
    let info: ProjectUsageInfo
    /// The scheme's subtree of the Fair Tree, as the caller may see it.
    let levels: [FairShareLevelInfo]
    /// The project's budget-counted GPU-hours per step, over its budget period (or the last 30 days).
    let series: UsageSeries
    let rows: [FundingReportRow]?
    let now: Int64

    var html: String {
        "<h2>Project \(HTML.escape(info.project)) <small>of scheme <a href=\"/schemes/\(HTML.escape(scheme))\">"
            + "\(HTML.escape(scheme))</a></small></h2>" + cards + chart + members + topUsers
    }

    private var cards: String {
        var cards = ["<div class=\"card\">GPUs in use<b id=\"project-gpus\">\(info.gpusInUse)</b>\(info.runningJobs) jobs running</div>"]
        if let budget = BudgetLine(info) {
            cards.append("<div class=\"card\">GPU-hours used<b id=\"project-used\">\(BudgetLine.hours(budget.used))</b>"
                         + "of \(BudgetLine.hours(budget.allocated))</div>")
            cards.append("<div class=\"card\">Burn<b>\(BudgetLine.hours(budget.burnPerDay))</b>GPU-hours a day</div>")
            cards.append("<div class=\"card\">Budget<b id=\"project-outlook\">\(HTML.escape(budget.outlook))</b>"
                         + "period to \(HTML.escape(JobJSON.time(budget.periodEndMs)?.prefix(10) ?? ""))</div>")
        }
        cards.append("<div class=\"card\">Status<b>\(HTML.escape(info.status))</b></div>")
        return "<div class=\"cards\">" + cards.joined() + "</div>"
    }

    private var chart: String {
        let used = series.cumulative(until: now)[info.project] ?? []
        if let budget = BudgetLine(info), budget.periodStartMs == series.fromMs {
            return "<h2>Burn-down</h2>" + budget.chart(id: "burndown", series: series, used: used, now: now)
        }
        let points = series.timeline(used, until: now)
        return "<h2>GPU-hours used since \(HTML.escape(JobJSON.time(series.fromMs)?.prefix(10) ?? ""))</h2>"
            + LineChart(id: "burndown", unit: "GPU-hours", from: series.fromMs, to: series.toMs,
                        series: [.init(name: info.project, colour: "#1e88e5", points: [(series.fromMs, 0)] + points)]).svg
    }

    private var members: String {
        let rows = levels.filter { $0.isUser && $0.path.count == 3 && $0.path[1] == info.project }.map { l -> [String] in
            [HTML.escape(l.path[2]), HTML.percent(Double(l.sharesNormMillionths) / 1_000_000),
             HTML.percent(Double(l.usageNormMillionths) / 1_000_000),
             HTML.number(BudgetLine.hours(Double(l.usageMilliGpuHours) / 1000)),
             HTML.number(String(format: "%.3f", Double(l.factorMillionths) / 1_000_000))]
        }
        guard !rows.isEmpty else { return "" }
        return "<h2>Members in the Fair Tree</h2>"
            + HTML.table(["User", "Share", "Usage share", "Decayed usage (GPU-h)", "Fair-share factor"], rows, id: "members")
    }

    private var topUsers: String {
        guard let rows else { return "" }
        let mine = rows.filter { $0.project == info.project }
        return "<h2>Users since \(HTML.escape(JobJSON.time(series.fromMs)?.prefix(10) ?? ""))</h2>"
            + HTML.table(["User", "Project", "GPU-hours", "Jobs"], SchemePage.top(mine, count: 50), id: "top-users")
    }
}
