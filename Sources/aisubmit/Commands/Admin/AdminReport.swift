import AischedClient
import ArgumentParser
import Foundation
import SchedulerProtocol

/// `aisubmit admin report --scheme S --from D --to D`: GPU-hours per project, user and budget period, for funders.
struct AdminReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "GPU-hours per project and user per budget period of a funding scheme, for its funder.",
        discussion: """
            Dates are YYYY-MM-DD (UTC) or ISO 8601 times; a --to date is inclusive (the report runs to the end of \
            that day). GPU-hours are everything charged, at every QoS, after the QoS multiplier.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "The funding scheme.") var scheme: String
    @Option(help: "First day (or time) of the report.") var from: String
    @Option(help: "Last day of the report (inclusive), or an ISO 8601 end time (exclusive).") var to: String
    @Option(help: "table, csv or json (--json is the same as --format json).") var format: Format = .table

    func validate() throws {
        let (start, end) = try window()
        guard end > start else { throw ValidationError("--to must be after --from") }
    }

    func window() throws -> (Int64, Int64) {
        (try CLIValues.instant(from, flag: "--from"), try CLIValues.instant(to, flag: "--to", endOfDay: true))
    }

    func run() async throws {
        let (start, end) = try window()
        let request = FundingReportRequest(scheme: scheme, fromMs: start, toMs: end)
        let rows = try await Client.call(connection) { rpc in
            try await rpc.request(.fundingReport, request, expecting: .fundingReportRows, as: FundingReportRows.self).rows
        }
        switch output.json ? Format.json : format {
        case .json: print(JobJSON.render(rows.map(FundingRowJSON.init)))
        case .csv: print(FundingReportCSV.text(rows), terminator: "")
        case .table: print(Self.table(rows, from: start, to: end))
        }
    }

    /// Rows, then a total per project and for the scheme.
    static func table(_ rows: [FundingReportRow], from: Int64, to: Int64) -> String {
        guard !rows.isEmpty else { return "no GPU-hours charged from \(CLIValues.day(from)) to \(CLIValues.day(to))" }
        var lines = [["PROJECT", "USER", "PERIOD", "GPU-HOURS", "JOBS"]]
        var perProject: [String: UInt64] = [:]
        for r in rows {
            lines.append([r.project, r.user, AdminText.period(r.periodStartMs, r.periodEndMs),
                          AdminText.hours(r.milliGPUHours), String(r.jobs)])
            perProject[r.project, default: 0] += r.milliGPUHours
        }
        for (project, milli) in perProject.sorted(by: { $0.key < $1.key }) {
            lines.append([project, "(all users)", "", AdminText.hours(milli), ""])
        }
        lines.append(["(scheme \(rows[0].scheme))", "", "", AdminText.hours(perProject.values.reduce(0, +)), ""])
        return JobText.align(lines)
    }
}
