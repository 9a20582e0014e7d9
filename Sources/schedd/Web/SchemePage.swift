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
        let cumulative = Self.cumulative(series)
        if wholeScheme, let budget, series.fromMs == budget.periodStartMs {
            let total = cumulative.values.reduce(into: [Double](repeating: 0, count: stepsUntilNow)) { sum, line in
                for index in sum.indices where index < line.count { sum[index] += line[index] }
            }
            return "<h2>Burn-down</h2>" + budget.chart(id: "burndown", stepMs: series.stepMs, cumulative: total, now: now)
        }
        let lines = cumulative.keys.sorted().enumerated().map { index, project -> LineChart.Series in
            let points = Self.timeline(Array(cumulative[project]!.prefix(stepsUntilNow)), from: series.fromMs,
                                       step: series.stepMs, until: now)
            return LineChart.Series(name: project, colour: Self.palette[index % Self.palette.count],
                                    points: [(series.fromMs, 0)] + points)
        }
        return "<h2>GPU-hours used since \(HTML.escape(JobJSON.time(series.fromMs)?.prefix(10) ?? ""))</h2>"
            + LineChart(id: "burndown", unit: "GPU-hours", from: series.fromMs, to: series.toMs, series: lines).svg
    }

    private var stepsUntilNow: Int { Self.steps(of: series, until: now) }

    /// Each step's value at the step's end, the step still running at `now` (its value so far).
    static func timeline(_ values: [Double], from: Int64, step: Int64, until now: Int64) -> [(x: Int64, y: Double)] {
        values.enumerated().map { index, value in (min(from + Int64(index + 1) * step, now), value) }
    }

    /// How many of the series' steps have begun by `now` (the last of them still running).
    static func steps(of series: UsageSeries, until now: Int64) -> Int {
        series.stepMs > 0 ? Int(max(0, (min(now, series.toMs) - series.fromMs + series.stepMs - 1) / series.stepMs)) : 0
    }

    private var projectsTable: String {
        let rows = usage.projects.map { p -> [String] in
            let budget = BudgetLine(p)
            let level = levels.first { $0.path == [scheme, p.project] }
            let share = level.map { Double($0.sharesNormMillionths) / 1_000_000 } ?? 0
            let used = level.map { Double($0.usageNormMillionths) / 1_000_000 } ?? 0
            return ["<a href=\"/schemes/\(HTML.escape(scheme))/projects/\(HTML.escape(p.project))\">\(HTML.escape(p.project))</a>",
                    Self.number(budget.map { BudgetLine.hours($0.allocated) }), Self.number(budget.map { BudgetLine.hours($0.used) }),
                    Self.number(budget.map { BudgetLine.hours($0.remaining) }),
                    Self.number(budget.map { BudgetLine.hours($0.burnPerDay) }), HTML.escape(budget?.outlook ?? "no budget"),
                    Self.percent(share), Self.percent(used), share > 0 ? Self.percent(used / share) : "",
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

    /// Each project's GPU-hours used by the end of each step.
    static func cumulative(_ series: UsageSeries) -> [String: [Double]] {
        Dictionary(uniqueKeysWithValues: series.lines.map { line in
            var sum = 0.0
            return (line.project, line.milliGpuHours.map { milli -> Double in
                sum += Double(milli) / 1000
                return sum
            })
        })
    }

    static let palette = ["#1e88e5", "#43a047", "#fb8c00", "#8e24aa", "#e53935", "#00897b", "#6d4c41", "#3949ab"]

    static func number(_ text: String?) -> String { "<span class=\"num\">\(text ?? "")</span>" }

    static func percent(_ fraction: Double) -> String {
        "<span class=\"num\">\(Int((fraction * 100).rounded())) %</span>"
    }
}
