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

    func run() async throws {
        let query = QueryUsage(project: project ?? "", user: user ?? "")
        let report = try await Client.call(connection) { rpc in
            try await rpc.request(.queryUsage, query, expecting: .usageReport, as: UsageReport.self)
        }
        print(output.json ? JobJSON.render(report.projects.map(UsageJSON.init)) : Self.table(report.projects))
    }

    static func table(_ projects: [ProjectUsageInfo]) -> String {
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
        return JobText.align(rows)
    }

    static func signedHours(_ milli: Int64) -> String {
        milli < 0 ? "-" + AdminText.hours(milli.magnitude) : AdminText.hours(UInt64(milli))
    }
}
