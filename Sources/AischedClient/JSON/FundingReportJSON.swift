import Foundation
import SchedulerProtocol

/// The stable JSON shape of a funding-report row.
public struct FundingRowJSON: Encodable {
    public let scheme: String
    public let project: String
    public let user: String
    public let periodStart: String?
    /// Exclusive.
    public let periodEnd: String?
    public let gpuHours: Double
    public let jobs: UInt32

    public init(_ r: FundingReportRow) {
        scheme = r.scheme
        project = r.project
        user = r.user
        periodStart = JobJSON.time(r.periodStartMs)
        periodEnd = JobJSON.time(r.periodEndMs)
        gpuHours = Double(r.milliGPUHours) / 1000
        jobs = r.jobs
    }

    enum CodingKeys: String, CodingKey { case scheme, project, user, periodStart, periodEnd, gpuHours, jobs }

    /// Absent times are null, never left out.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(scheme, forKey: .scheme)
        try c.encode(project, forKey: .project)
        try c.encode(user, forKey: .user)
        try c.encode(periodStart, forKey: .periodStart)
        try c.encode(periodEnd, forKey: .periodEnd)
        try c.encode(gpuHours, forKey: .gpuHours)
        try c.encode(jobs, forKey: .jobs)
    }
}

/// A funding report as CSV, for funders' spreadsheets (`aisubmit admin report --format csv`, the dashboard's download).
public enum FundingReportCSV {
    /// A header line, then one line per row; fields are quoted as RFC 4180 says when they hold a comma, a quote or a
    /// newline. Lines end in LF, which spreadsheets accept.
    public static func text(_ rows: [FundingReportRow]) -> String {
        func field(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var out = "scheme,project,user,period_start,period_end,gpu_hours,jobs\n"
        for r in rows {
            out += [r.scheme, r.project, r.user, JobJSON.time(r.periodStartMs) ?? "", JobJSON.time(r.periodEndMs) ?? "",
                    String(format: "%.3f", Double(r.milliGPUHours) / 1000), String(r.jobs)].map(field).joined(separator: ",") + "\n"
        }
        return out
    }
}
