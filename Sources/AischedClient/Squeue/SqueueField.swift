import Foundation
import SchedulerProtocol

/// The fields of squeue's `-o/--format` that aisched knows, by letter: each one's column header and its value for a
/// job, as squeue prints them.
public enum SqueueField: Character, CaseIterable, Sendable {
    case jobID = "i"
    case name = "j"
    case user = "u"
    /// Slurm's account is aisched's project.
    case account = "a"
    /// The job's partitions, comma-separated (`-` on a centre without partitions).
    case partition = "P"
    case compactState = "t"
    case state = "T"
    case timeUsed = "M"
    case timeLimit = "l"
    case nodeCount = "D"
    case nodesOrReason = "R"
    /// A pending job's expected start, as squeue shows it.
    case startTime = "S"
    case submitTime = "V"

    /// What a format letter means, for the list a refused format shows.
    public var meaning: String {
        switch self {
        case .jobID: "job id, ARRAYID_TASK for an array task"
        case .name: "job name"
        case .user: "user"
        case .account: "account, that is the project"
        case .partition: "partition (- on a centre without partitions)"
        case .compactState: "short state: PD, R, CG, CD, F, CA, TO, NF"
        case .state: "state"
        case .timeUsed: "time used"
        case .timeLimit: "time limit"
        case .nodeCount: "node count"
        case .nodesOrReason: "nodes, or the reason while pending"
        case .startTime: "start time, expected while pending"
        case .submitTime: "submit time"
        }
    }

    public var header: SqueueCell {
        switch self {
        case .jobID: SqueueCell("JOBID")
        case .name: SqueueCell("NAME")
        case .user: SqueueCell("USER")
        case .account: SqueueCell("ACCOUNT")
        case .partition: SqueueCell("PARTITION")
        case .compactState: SqueueCell("ST")
        case .state: SqueueCell("STATE")
        case .timeUsed: SqueueCell("TIME")
        case .timeLimit: SqueueCell("TIME_LIMIT")
        case .nodeCount: SqueueCell("NODES")
        case .nodesOrReason: SqueueCell("NODELIST(REASON)", cut: false)
        case .startTime: SqueueCell("START_TIME")
        case .submitTime: SqueueCell("SUBMIT_TIME")
        }
    }

    public func value(of job: JobInfo, _ context: SqueueContext) -> SqueueCell {
        switch self {
        case .jobID: SqueueCell(job.displayID)
        case .name: SqueueCell(job.name)
        case .user: SqueueCell(job.user)
        case .account: SqueueCell(job.project)
        case .partition: SqueueCell(job.submission.partitions.isEmpty ? "-" : job.submission.partitions.joined(separator: ","))
        case .compactState: SqueueCell(job.completing ? "CG" : SqueueStates.short(job.state))
        case .state: SqueueCell(job.completing ? "COMPLETING" : job.state)
        case .timeUsed: SqueueCell(SqueueTime.duration(Self.secondsUsed(job, now: context.now)), cut: false)
        case .timeLimit: SqueueCell(job.submission.timeLimitSeconds == 0 ? "UNLIMITED"
                                  : SqueueTime.duration(Int64(clamping: job.submission.timeLimitSeconds)), cut: false)
        case .nodeCount: SqueueCell(String(job.allocation.isEmpty ? max(1, job.submission.nodes) : UInt32(job.allocation.count)))
        case .nodesOrReason: Self.nodesOrReason(job, context)
        case .startTime: SqueueCell(SqueueTime.stamp(job.state == "PENDING" ? job.estimatedStartMs : job.startTimeMs,
                                               in: context.timeZone))
        case .submitTime: SqueueCell(SqueueTime.stamp(job.submitTimeMs, in: context.timeZone))
        }
    }

    /// squeue's job_time_used: 0 while pending, up to now while running, up to the end once ended.
    static func secondsUsed(_ job: JobInfo, now: Date) -> Int64 {
        guard job.startTimeMs > 0, job.state != "PENDING" else { return 0 }
        let end = job.endTimeMs > 0 ? job.endTimeMs : Int64(now.timeIntervalSince1970 * 1000)
        return (end - job.startTimeMs) / 1000
    }

    /// As squeue: the reason in parentheses for a job that waits or failed without completing, else its nodes as
    /// a Slurm host list (never cut to the width).
    static func nodesOrReason(_ job: JobInfo, _ context: SqueueContext) -> SqueueCell {
        if !job.completing, ["PENDING", "FAILED", "TIMEOUT"].contains(job.state) {
            return SqueueCell("(\(job.reason))")
        }
        return SqueueCell(context.hostList(job.allocation.map(\.node)), cut: false)
    }
}

/// One printed value, and whether squeue cuts it to the field's width (it does not cut times and node lists).
public struct SqueueCell: Equatable, Sendable {
    public var text: String
    public var cut: Bool
    public init(_ text: String, cut: Bool = true) {
        self.text = text
        self.cut = cut
    }
}

/// What a rendering needs besides the job: the clock and time zone for times, and how to write a host list.
public struct SqueueContext: Sendable {
    public var now: Date
    public var timeZone: TimeZone
    /// Slurm's compressed host list of node names (`dgx-[01-02]`).
    public var hostList: @Sendable ([String]) -> String

    public init(now: Date = Date(), timeZone: TimeZone = .current,
                hostList: @escaping @Sendable ([String]) -> String = { $0.joined(separator: ",") }) {
        self.now = now
        self.timeZone = timeZone
        self.hostList = hostList
    }
}

extension JobInfo {
    /// How Slurm names a job: an array's task as `ARRAYID_TASK` (the name cancel, hold and dependencies take).
    public var displayID: String {
        arrayJobID == 0 ? String(id) : "\(arrayJobID)_\(arrayTaskID)"
    }
}
