import Foundation
import SchedulerProtocol

/// `aisubmit history`'s readable table (sacct's default columns, with the user) and its CSV (RFC 4180, every field
/// quoted when it needs it, one header line): the values of a job as sacct shows them.
public enum HistoryTable {
    public static let columns = ["JobID", "JobName", "User", "Account", "State", "Submit", "Start", "End", "Elapsed",
                                 "NNodes", "AllocGPUs", "ExitCode"]

    /// The row of one job: times in ISO 8601 UTC ("Unknown" when it has none, as sacct), elapsed as [D-]HH:MM:SS,
    /// the exit code as sacct's `CODE:SIGNAL`.
    public static func row(_ job: JobInfo, now: Date = Date()) -> [String] {
        let nodes = job.allocation.isEmpty ? max(1, job.submission.nodes) : UInt32(job.allocation.count)
        let gpus = job.allocation.isEmpty ? 0 : job.allocation.reduce(0) { $0 + $1.gpus.count }
        return [job.displayID, job.name, job.user, job.project, job.state, stamp(job.submitTimeMs), stamp(job.startTimeMs),
                stamp(job.endTimeMs), elapsed(job, now: now), String(nodes), String(gpus),
                job.hasExitCode || job.signal != 0 ? "\(job.exitCode):\(job.signal)" : "0:0"]
    }

    /// sacct's `-P/--parsable2`: fields joined by `|`, as they are (a `|` in a name is not escaped, as in Slurm).
    public static func parsable(_ jobs: [JobInfo], header: Bool = true, now: Date = Date()) -> String {
        var lines = header ? [columns.joined(separator: "|")] : []
        for job in jobs { lines.append(row(job, now: now).joined(separator: "|")) }
        return lines.map { $0 + "\n" }.joined()
    }

    public static func csv(_ jobs: [JobInfo], header: Bool = true, now: Date = Date()) -> String {
        var lines = header ? [columns.map(field).joined(separator: ",")] : []
        for job in jobs { lines.append(row(job, now: now).map(field).joined(separator: ",")) }
        return lines.map { $0 + "\n" }.joined()
    }

    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func stamp(_ ms: Int64) -> String {
        ms == 0 ? "Unknown" : Date(timeIntervalSince1970: Double(ms) / 1000).formatted(.iso8601)
    }

    /// sacct's Elapsed: `[D-]HH:MM:SS` from start to end (to now while it runs), 00:00:00 if it never started.
    static func elapsed(_ job: JobInfo, now: Date) -> String {
        let total = job.runSeconds(now: now)
        let (d, h, m, s) = (total / 86_400, (total % 86_400) / 3600, (total % 3600) / 60, total % 60)
        let clock = String(format: "%02d:%02d:%02d", h, m, s)
        return d > 0 ? "\(d)-\(clock)" : clock
    }
}
