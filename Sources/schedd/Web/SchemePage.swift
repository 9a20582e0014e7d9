import AischedClient
import SchedulerCore
import SchedulerProtocol

/// A funding scheme for its funder, its admins and its researchers: its budget and burn-down with the run-out date,
/// each project's budget, burn and share attainment (its part of the scheme's usage against its part of the shares),
/// and the top users of the period. What a caller may not see is not asked for: the RPCs already cut it.
struct SchemePage {
    let scheme: String
    let usage: UsageReport
    /// The scheme's subtree of the Fair Tree.
    let levels: [FairShareLevelInfo]
    /// Budget-counted GPU-hours per project and step, over `window`.
    let series: UsageSeries
    /// The period's funder-report rows; nil when the caller may not ask for them (a user).
    let rows: [FundingReportRow]?
    /// The caller sees every project (an admin, a viewer granted the scheme): the scheme's burn-down is theirs to see.
    let wholeScheme: Bool
    let now: Int64

    var html: String {
        "<h2>Scheme \(HTML.escape(scheme))</h2>" + cards + chart + projectsTable + topUsers
    }

    private var budget: BudgetLine? { usage.schemes.first.flatMap(BudgetLine.init) }

    private var cards: String {
        let info = usage.schemes.first ?? SchemeUsageInfo()
        var cards = ["<div class=\"card\">GPUs in use<b id=\"scheme-gpus\">\(info.gpusInUse)</b>\(info.runningJobs) jobs running</div>"]
        if let budget {
            cards.append("<div class=\"card\">GPU-hours used<b id=\"scheme-used\">\(BudgetLine.hours(budget.used))</b>"
                         + "of \(BudgetLine.hours(budget.allocated))</div>")
            cards.append("<div class=\"card\">Burn<b>\(BudgetLine.hours(budget.burnPerDay))</b>GPU-hours a day</div>")
            cards.append("<div class=\"card\">Budget<b id=\"scheme-outlook\">\(HTML.escape(budget.outlook))</b>"
                         + "period to \(HTML.escape(JobJSON.time(budget.periodEndMs)?.prefix(10) ?? ""))</div>")
        } else {
            cards.append("<div class=\"card\">Budget<b>none</b>the scheme has no active budget period of its own</div>")
        }
        return "<div class=\"cards\">" + cards.joined() + "</div>"
    }

    /// The scheme's burn-down when it has a budget and the caller sees all of it; else each project's cumulative use.
    private var chart: String {
        let used = series.cumulative(until: now)
        if wholeScheme, let budget, series.fromMs == budget.periodStartMs {
            let total = used.values.reduce(into: [Double](repeating: 0, count: series.steps(until: now))) { sum, line in
                for index in sum.indices where index < line.count { sum[index] += line[index] }
            }
            return "<h2>Burn-down</h2>" + budget.chart(id: "burndown", series: series, used: total, now: now)
        }
        let lines = used.keys.sorted().enumerated().map { index, project -> LineChart.Series in
            LineChart.Series(name: project, colour: Self.palette[index % Self.palette.count],
                             points: [(series.fromMs, 0)] + series.timeline(used[project]!, until: now))
        }
        return "<h2>GPU-hours used since \(HTML.escape(JobJSON.time(series.fromMs)?.prefix(10) ?? ""))</h2>"
            + LineChart(id: "burndown", unit: "GPU-hours", from: series.fromMs, to: series.toMs, series: lines).svg
    }

    private var projectsTable: String {
        let rows = usage.projects.map { p -> [String] in
            let budget = BudgetLine(p)
            let level = levels.first { $0.path == [scheme, p.project] }
            let share = level.map { Double($0.sharesNormMillionths) / 1_000_000 } ?? 0
            let used = level.map { Double($0.usageNormMillionths) / 1_000_000 } ?? 0
            return ["<a href=\"/schemes/\(HTML.escape(scheme))/projects/\(HTML.escape(p.project))\">\(HTML.escape(p.project))</a>",
                    HTML.number(budget.map { BudgetLine.hours($0.allocated) }), HTML.number(budget.map { BudgetLine.hours($0.used) }),
                    HTML.number(budget.map { BudgetLine.hours($0.remaining) }),
                    HTML.number(budget.map { BudgetLine.hours($0.burnPerDay) }), HTML.escape(budget?.outlook ?? "no budget"),
                    HTML.percent(share), HTML.percent(used), share > 0 ? HTML.percent(used / share) : "",
                    "<span class=\"num\">\(p.runningJobs)</span>", "<span class=\"num\">\(p.gpusInUse)</span>",
                    HTML.escape(p.status)]
        }
        return "<h2>Projects</h2>" + HTML.table(["Project", "Budget (GPU-h)", "Used", "Left", "Burn a day", "Outlook",
                                                 "Share", "Usage share", "Attainment", "Running", "GPUs", "Status"],
                                                rows, id: "projects")
            + "<p class=\"note\">Share: the project's part of the scheme's shares; usage share: its part of the scheme's "
            + "decayed usage; attainment: the second over the first (above 100 %: served more than its share).</p>"
    }

    private var topUsers: String {
        guard let rows else { return "" }
        return "<h2>Top users since \(HTML.escape(JobJSON.time(series.fromMs)?.prefix(10) ?? ""))</h2>"
            + HTML.table(["User", "Project", "GPU-hours", "Jobs"], Self.top(rows, count: 10), id: "top-users")
    }

    /// The `count` largest (user, project) totals of the rows, largest first.
    static func top(_ rows: [FundingReportRow], count: Int) -> [[String]] {
        var totals: [String: (project: String, user: String, milli: UInt64, jobs: UInt32)] = [:]
        for row in rows {
            totals["\(row.project)\u{0}\(row.user)", default: (row.project, row.user, 0, 0)].milli += row.milliGPUHours
            totals["\(row.project)\u{0}\(row.user)"]!.jobs += row.jobs
        }
        return totals.values.sorted { ($1.milli, $0.user) < ($0.milli, $1.user) }.prefix(count).map { t -> [String] in
            [HTML.escape(t.user), HTML.escape(t.project), "<span class=\"num\">\(BudgetLine.hours(Double(t.milli) / 1000))</span>",
             "<span class=\"num\">\(t.jobs)</span>"]
        }
    }

    static let palette = ["#1e88e5", "#43a047", "#fb8c00", "#8e24aa", "#e53935", "#00897b", "#6d4c41", "#3949ab"]
}
