import AischedClient
import ArgumentParser
import Foundation
import SchedulerProtocol

/// `aisubmit usage`: for each of your projects, its budget, what is used and left, how fast it goes, when it runs
/// out at that pace, and your fair-share factor.
struct Usage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "Show your projects' budgets: used, remaining, burn rate, when they run out, fair share.",
        discussion: """
            GPU-hours are in the current budget period. BURN/DAY is measured over the last day; RUNS OUT is when the \
            budget is spent if that pace continues (\"-\" if not within the period). FAIR-SHARE is your factor in \
            the project, 0 to 1: higher means your jobs go first.
            """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Only this project.") var project: String?
    @Option(help: "Admins: another user's projects.") var user: String?
    @Option(help: ArgumentHelp(
        "A funding scheme: its own budget and its projects (all of them for admins and viewers, yours otherwise).",
        discussion: "With --json: {\"schemes\": [the scheme], \"projects\": [...]}, as the HTTP API's usage?scheme=."))
    var scheme: String?

    func validate() throws {
        if scheme != nil, project != nil || user != nil {
            throw ValidationError("--scheme shows a whole scheme; leave out --project and --user")
        }
    }

    func run() async throws {
        var query = QueryUsage(project: project ?? "", user: user ?? "")
        query.scheme = scheme ?? ""
        let report = try await Client.call(connection) { rpc in
            try await rpc.request(.queryUsage, query, expecting: .usageReport, as: UsageReport.self)
        }
        if scheme != nil {
            print(output.json ? JobJSON.render(UsageReportJSON(report)) : Self.schemeTable(report))
        } else {
            print(output.json ? JobJSON.render(report.projects.map(UsageJSON.init)) : Self.table(report.projects))
        }
    }

    /// The scheme's own line, then its projects (without a fair-share column: nobody's own factor is asked for).
    static func schemeTable(_ report: UsageReport) -> String {
        guard let s = report.schemes.first else { return "no such scheme" }
        let budget = s.hasBudget_p
            ? "budget \(AdminText.hours(s.budgetMilliGpuHours)), used \(AdminText.hours(s.usedMilliGpuHours)), "
                + "remaining \(signedHours(s.remainingMilliGpuHours)), burn/day \(AdminText.hours(s.burnMilliGpuHoursPerDay)), "
                + "runs out \(s.exhaustionMs != 0 ? CLIValues.day(s.exhaustionMs - s.exhaustionMs % 86_400_000) : "-")"
            : "no budget of its own"
        return "SCHEME \(s.scheme): \(budget); \(s.runningJobs) jobs running on \(s.gpusInUse) GPUs\n\n"
            + table(report.projects, fairShare: false)
    }

    static func table(_ projects: [ProjectUsageInfo], fairShare: Bool = true) -> String {
        guard !projects.isEmpty else { return "no projects" }
        var rows = [["PROJECT", "BUDGET", "USED", "REMAINING", "BURN/DAY", "RUNS OUT", "FAIR-SHARE", "STATUS"]]
        for p in projects {
            let budgeted = p.hasBudget
            rows.append([
                p.project,
                budgeted ? AdminText.hours(p.budgetMilliGPUHours) : "-",
                budgeted ? AdminText.hours(p.usedMilliGPUHours) : "-",
                budgeted ? signedHours(p.remainingMilliGPUHours) : "-",
                budgeted ? AdminText.hours(p.burnMilliGPUHoursPerDay) : "-",
                budgeted && p.exhaustionMs != 0 ? CLIValues.day(p.exhaustionMs - p.exhaustionMs % 86_400_000) : "-",
                String(format: "%.3f", Double(p.fairShareMillionths) / 1_000_000),
                p.status,
            ])
        }
        if !fairShare { rows = rows.map { row in row.enumerated().filter { $0.offset != 6 }.map(\.element) } }
        return JobText.align(rows)
    }

    static func signedHours(_ milli: Int64) -> String {
        milli < 0 ? "-" + AdminText.hours(milli.magnitude) : AdminText.hours(UInt64(milli))
    }
}
