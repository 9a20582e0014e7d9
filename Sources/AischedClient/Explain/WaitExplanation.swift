import Foundation
import SchedulerProtocol

/// Why a pending job waits and when it should start, in a researcher's words:
/// "waiting for 4 × H100 on one node; 3 jobs of higher priority ahead; expected to start at 14:20 when job 812 ends".
public enum WaitExplanation {
    public static func sentence(_ job: JobInfo, now: Date = Date(), timeZone: TimeZone = .current) -> String {
        guard job.state == "PENDING" else { return "" }
        var parts = [cause(job, now: now, timeZone: timeZone)]
        if ["Resources", "Priority"].contains(job.reason), job.jobsAhead > 0 {
            parts.append("\(job.jobsAhead) job\(job.jobsAhead == 1 ? "" : "s") of higher priority ahead")
        }
        if job.estimatedStartMs > 0 {
            parts.append("expected to start " + when(job.estimatedStartMs, now: now, timeZone: timeZone)
                         + after(job.startsAfter))
        } else if job.reason == "Priority" {
            parts.append("no start estimate yet (only the first jobs in the queue are planned)")
        }
        return parts.joined(separator: "; ")
    }

    /// What the job waits for, from its pending reason.
    static func cause(_ job: JobInfo, now: Date, timeZone: TimeZone) -> String {
        if job.reason.hasPrefix(unavailableNodes) {
            return "the nodes that could run it are out of service: " + job.reason.dropFirst(unavailableNodes.count)
        }
        switch job.reason {
        case "Resources", "Priority": return "waiting for \(request(job.submission))"
        case "Held": return "held: `aisubmit release \(job.id)` lets it run"
        case "Dependency": return "waiting for its dependency (\(job.dependency))"
        case "DependencyNeverSatisfied": return "its dependency (\(job.dependency)) can never be met; cancel it"
        case "BeginTime": return "not before " + when(job.submission.beginTimeMs, now: now, timeZone: timeZone)
            .replacingOccurrences(of: "at ", with: "")
        case "BudgetExhausted": return "project \(job.project) has spent its budget (see `aisubmit usage`)"
        case "QuotaLimit": return "project \(job.project) is at one of its limits (see `aisubmit usage`)"
        case "JobArrayTaskLimit": return "its array already runs as many tasks as its %N allows"
        case "NodesDown": return "every node that could run it is down, drained or disconnected"
        case "Unsatisfiable": return "no node of the centre can run this request"
        default: return job.reason
        }
    }

    /// The start of a `ReqNodeNotAvail` reason; the nodes, who took them out of service and why follow.
    static let unavailableNodes = "ReqNodeNotAvail, UnavailableNodes:"

    /// "4 × H100 on one node", "8 GPUs on each of 2 nodes", "16 CPUs on one node".
    static func request(_ s: JobSubmission) -> String {
        let nodes = max(1, s.nodes)
        let what = s.gpusPerNode > 0
            ? "\(s.gpusPerNode) × \(s.gpuModel.isEmpty ? "GPU" : s.gpuModel)"
            : "\(max(1, s.cpusPerNode)) CPU\(max(1, s.cpusPerNode) == 1 ? "" : "s")"
        return what + (nodes == 1 ? " on one node" : " on each of \(nodes) nodes")
    }

    /// "at 14:20", "on 2027-01-15 at 08:30", "in a few seconds".
    static func when(_ ms: Int64, now: Date, timeZone: TimeZone) -> String {
        let date = Date(timeIntervalSince1970: Double(ms) / 1000)
        if date.timeIntervalSince(now) < 60 { return "within a minute" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let formatter = DateFormatter()
        formatter.timeZone = timeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = calendar.isDate(date, inSameDayAs: now) ? "'at' HH:mm" : "'on' yyyy-MM-dd 'at' HH:mm"
        return formatter.string(from: date)
    }

    private static func after(_ jobs: [UInt64]) -> String {
        switch jobs.count {
        case 0: return ""
        case 1: return " when job \(jobs[0]) ends"
        default: return " when jobs " + jobs.dropLast().map(String.init).joined(separator: ", ") + " and \(jobs.last!) end"
        }
    }
}
