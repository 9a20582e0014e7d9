import Foundation
import AischedClient
import SchedulerCore
import SchedulerProtocol

/// Human-readable renderings of jobs.
enum JobText {
    static func table(_ jobs: [JobInfo], now: Date = Date()) -> String {
        var rows = [["JOBID", "USER", "PROJECT", "NAME", "STATE", "TIME", "NODES", "NODELIST(REASON)"]]
        for job in jobs {
            let nodes = job.allocation.isEmpty ? String(max(1, job.submission.nodes)) : String(job.allocation.count)
            let where_ = job.allocation.isEmpty || job.state == "PENDING"
                ? "(\(job.reason))" : job.allocation.map(\.node).joined(separator: ",")
            rows.append([displayID(job), job.user, job.project, String(job.name.prefix(20)), job.state,
                         elapsed(job, now: now), nodes, where_])
        }
        return align(rows)
    }

    /// `aisubmit queue --start`: when pending jobs are expected to start, and why they wait.
    static func startTable(_ jobs: [JobInfo], now: Date = Date()) -> String {
        var rows = [["JOBID", "USER", "NAME", "STATE", "START_TIME", "NODES", "WHY"]]
        for job in jobs where job.state == "PENDING" {
            let start = job.estimatedStartMs > 0 ? stamp(job.estimatedStartMs) : "N/A"
            let nodes = job.reservedNodes.isEmpty ? String(max(1, job.submission.nodes)) : job.reservedNodes.joined(separator: ",")
            rows.append([displayID(job), job.user, String(job.name.prefix(20)), job.state, start, nodes,
                         WaitExplanation.sentence(job, now: now)])
        }
        return align(rows)
    }

    /// How Slurm shows a job: an array's task as `ARRAYID_TASK` (the name cancel, hold and dependencies take).
    static func displayID(_ job: JobInfo) -> String { job.displayID }

    static func details(_ job: JobInfo) -> String {
        var lines: [(String, String)] = [
            ("JobId", String(job.id)), ("Name", job.name), ("User", job.user), ("Project", job.project),
            ("State", job.state + (job.held ? " (held)" : "")), ("Reason", job.reason),
        ]
        if job.state == "PENDING" { lines.append(("Waiting", WaitExplanation.sentence(job))) }
        if job.hasPlacement { lines.append(("Nodes", PlacementText.sentence(job.placement))) }
        if job.estimatedStartMs > 0 {
            lines.append(("EstStart", stamp(job.estimatedStartMs) + " on " + job.reservedNodes.joined(separator: ",")))
        }
        if job.preemptedBy != 0 { lines.append(("Preempted", "being stopped for job \(job.preemptedBy); it will be requeued")) }
        lines += [
            ("Submitted", stamp(job.submitTimeMs)), ("Started", stamp(job.startTimeMs)), ("Ended", stamp(job.endTimeMs)),
        ]
        if job.arrayJobID != 0 { lines.append(("ArrayJob", "\(displayID(job)) (array \(job.arrayJobID), task \(job.arrayTaskID))")) }
        if !job.dependency.isEmpty { lines.append(("Dependency", job.dependency)) }
        if job.hasExitCode { lines.append(("ExitCode", job.signal != 0 ? "\(job.exitCode) (signal \(job.signal))" : String(job.exitCode))) }
        let s = job.submission
        lines.append(("Request", "\(max(1, s.nodes)) node(s) × \(max(1, s.cpusPerNode)) CPU, \(s.gpusPerNode) GPU"
                      + (s.allMemory ? ", all of each node's memory" : s.memoryMBPerNode > 0 ? ", \(s.memoryMBPerNode) MB" : "")
                      + (s.timeLimitSeconds > 0 ? ", limit \(s.timeLimitSeconds) s" : "")
                      + (s.wholeCores ? ", whole cores (one thread each)" : "")
                      + (s.exclusive ? ", exclusive (whole nodes)" : "")))
        if !s.partitions.isEmpty { lines.append(("Partition", s.partitions.joined(separator: ","))) }
        if !s.constraint.isEmpty { lines.append(("Constraint", s.constraint)) }
        if !s.signal.isEmpty { lines.append(("Signal", "\(s.signal) (SIGNAL@SECONDS before the time limit)")) }
        if !s.mailType.isEmpty || !s.mailUser.isEmpty {
            lines.append(("Mail", "\(s.mailType.isEmpty ? "NONE" : s.mailType) to \(s.mailUser.isEmpty ? job.user : s.mailUser)"))
        }
        if s.interactive { lines.append(("Interactive", "yes: an allocation for aisubmit run/alloc")) }
        if !s.comment.isEmpty { lines.append(("Comment", s.comment)) }
        if s.nice != 0 { lines.append(("Nice", "\(s.nice)")) }
        if s.requeue != 0 { lines.append(("Requeue", s.requeue == 1 ? "yes, if its node fails" : "never (--no-requeue)")) }
        if s.openMode == "append" { lines.append(("OpenMode", "append")) }
        lines.append(("WorkDir", job.workdir))
        lines.append(("StdOut", job.stdoutPath))
        if job.stderrPath != job.stdoutPath { lines.append(("StdErr", job.stderrPath)) }
        for a in job.allocation {
            lines.append(("Allocation", "\(a.node): cpus \(list(a.cpus)), gpus \(a.gpus.isEmpty ? "none" : list(a.gpus)), \(a.memoryMB) MB"
                          + (a.numaNodes.isEmpty ? "" : ", NUMA \(list(a.numaNodes))")))
        }
        for note in job.notes { lines.append(("Note", note)) }
        // Values come from users and agents: a newline or an escape sequence in one must not forge lines or drive
        // the reader's terminal.
        var out = lines.map { "\($0.0.padding(toLength: 11, withPad: " ", startingAt: 0)) \(PrintableText.escaped($0.1))" }
            .joined(separator: "\n")
        if !job.history.isEmpty {
            out += "\nHistory:"
            for h in job.history {
                out += "\n  \(stamp(h.atMs))  \(h.state.padding(toLength: 10, withPad: " ", startingAt: 0)) "
                    + PrintableText.escaped(h.reason)
            }
        }
        return out
    }

    static func stamp(_ ms: Int64) -> String {
        ms == 0 ? "-" : Date(timeIntervalSince1970: Double(ms) / 1000).formatted(.iso8601)
    }

    static func elapsed(_ job: JobInfo, now: Date) -> String {
        guard job.startTimeMs > 0 else { return "0:00" }
        let total = job.runSeconds(now: now)
        let (h, m, s) = (total / 3600, (total % 3600) / 60, total % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, s) : String(format: "%d:%02d", m, s)
    }

    /// "0-3,8" style, as Slurm prints CPU lists.
    static func list(_ ids: [UInt32]) -> String {
        Hostlist.ranges(Set(ids.map { Int($0) }).sorted())
    }

    /// Columns padded to their widest cell; every cell is escaped first (`PrintableText`), since names, reasons and
    /// comments come from users and are printed on other people's terminals.
    static func align(_ rows: [[String]]) -> String {
        let rows = rows.map { $0.map(PrintableText.escaped) }
        guard let first = rows.first else { return "" }
        let widths = first.indices.map { col in rows.map { $0[col].count }.max() ?? 0 }
        // Padded by hand: Foundation's `padding(toLength:)` bridges every cell through NSString, which was a quarter
        // of `aisubmit queue`'s CPU time on 10,000 jobs.
        var text = ""
        for (r, row) in rows.enumerated() {
            if r > 0 { text += "\n" }
            for (i, cell) in row.enumerated() {
                text += cell
                if i < row.count - 1 { text += String(repeating: " ", count: widths[i] + 2 - cell.count) }
            }
        }
        return text
    }
}
