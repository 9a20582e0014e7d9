import Foundation
import SchedulerCore
import SchedulerProtocol

/// `scontrol show job`: Slurm's KEY=VALUE lines with Slurm's key names and formats, so scripts that grep them
/// (`grep -oP 'TimeLimit=\K\S+'`, `StdOut=`, `NodeList=`) read what they expect. Only keys aisched knows.
enum ScontrolJobText {
    static func render(_ job: JobInfo, now: Date = Date()) -> String {
        let s = job.submission
        let nodes = job.allocation.map(\.node)
        let cpus = job.allocation.isEmpty ? Int(max(1, s.nodes) * max(1, s.cpusPerNode)) : job.allocation.reduce(0) { $0 + $1.cpus.count }
        let gpus = job.allocation.isEmpty ? Int(max(1, s.nodes) * s.gpusPerNode) : job.allocation.reduce(0) { $0 + $1.gpus.count }
        let nodeCount = nodes.isEmpty ? Int(max(1, s.nodes)) : nodes.count
        var tres = "cpu=\(cpus),node=\(nodeCount)"
        if s.memoryMBPerNode > 0 { tres += ",mem=\(s.memoryMBPerNode * UInt64(nodeCount))M" }
        if gpus > 0 { tres += ",gres/gpu=\(gpus)" }
        let lines: [[(String, String)]] = [
            [("JobId", "\(job.id)"), ("JobName", job.name)],
            [("UserId", job.user), ("Account", job.project), ("QOS", job.qosInForce.isEmpty ? "normal" : job.qosInForce)],
            [("JobState", job.state), ("Reason", job.state == "PENDING" ? job.reason : "None"),
             ("Dependency", job.dependency.isEmpty ? "(null)" : job.dependency)],
            [("Requeue", s.requeue == 1 ? "1" : "0"), ("Restarts", "\(job.history.filter { $0.reason.hasPrefix("Requeued") }.count)"),
             ("ExitCode", job.hasExitCode ? "\(job.exitCode):\(job.signal)" : "0:0")],
            [("RunTime", duration(job.runSeconds(now: now))),
             ("TimeLimit", s.timeLimitSeconds == 0 ? "UNLIMITED" : duration(Int(s.timeLimitSeconds)))],
            [("SubmitTime", stamp(job.submitTimeMs)), ("StartTime", stamp(job.startTimeMs)), ("EndTime", stamp(job.endTimeMs))],
            [("Partition", s.partitions.isEmpty ? "(null)" : s.partitions.joined(separator: ",")),
             ("NodeList", nodes.isEmpty ? "(null)" : Hostlist.compress(nodes))],
            [("NumNodes", "\(nodeCount)"), ("NumCPUs", "\(cpus)"), ("NumTasks", s.tasks > 0 ? "\(s.tasks)" : "\(nodeCount)"),
             ("CPUs/Task", s.cpusPerTask > 0 ? "\(s.cpusPerTask)" : "1")],
            [("TRES", tres)],
            [("Features", s.constraint.isEmpty ? "(null)" : s.constraint), ("OverSubscribe", s.exclusive ? "NO" : "OK")],
            [("Command", s.script.isEmpty ? s.argv.joined(separator: " ") : "(batch script)")],
            [("WorkDir", job.workdir)],
            [("StdErr", job.stderrPath)],
            [("StdOut", job.stdoutPath)],
            [("Comment", s.comment.isEmpty ? "(null)" : s.comment)],
        ]
        return lines.enumerated().map { index, pairs in
            (index == 0 ? "" : "   ") + pairs.map { "\($0.0)=\(PrintableText.escaped($0.1))" }.joined(separator: " ")
        }.joined(separator: "\n") + "\n"
    }

    /// Slurm's elapsed format: `MM:SS`, `HH:MM:SS`, `D-HH:MM:SS`, always with hours as Slurm prints them here.
    static func duration(_ total: Int) -> String {
        let (d, h, m, s) = (total / 86_400, (total % 86_400) / 3600, (total % 3600) / 60, total % 60)
        let clock = String(format: "%02d:%02d:%02d", h, m, s)
        return d > 0 ? "\(d)-\(clock)" : clock
    }

    /// Local time without zone, as Slurm prints it; `Unknown` for a time that has not come.
    static func stamp(_ ms: Int64) -> String {
        guard ms > 0 else { return "Unknown" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }
}
