/// The `kind` field of a frame header: which message the payload holds.
///
/// Numbers are stable wire values (see docs/PROTOCOL.md). A response to a request of kind `k` has kind `k + 1`,
/// except `error`, which answers any request.
public struct MessageKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    // Handshake
    public static let hello = MessageKind(rawValue: 1)
    public static let welcome = MessageKind(rawValue: 2)
    public static let error = MessageKind(rawValue: 3)

    // Researcher / admin requests
    public static let submitJob = MessageKind(rawValue: 10)
    public static let submitJobReply = MessageKind(rawValue: 11)
    public static let queryJobs = MessageKind(rawValue: 12)
    public static let jobList = MessageKind(rawValue: 13)
    public static let cancelJobs = MessageKind(rawValue: 14)
    public static let cancelJobsReply = MessageKind(rawValue: 15)
    public static let releaseJobs = MessageKind(rawValue: 16)
    public static let releaseJobsReply = MessageKind(rawValue: 17)
    public static let holdJobs = MessageKind(rawValue: 18)
    public static let holdJobsReply = MessageKind(rawValue: 19)
    public static let readLog = MessageKind(rawValue: 20)
    public static let logChunk = MessageKind(rawValue: 21)
    /// `srun` inside a job: start a step's tasks on the job's nodes; answered with `stepEnded` when all have ended,
    /// and meanwhile the tasks' output comes as `stepOutput` pushes on the same connection.
    public static let runStep = MessageKind(rawValue: 22)
    public static let stepEnded = MessageKind(rawValue: 23)
    /// `srun` interrupted: signal the step's tasks (answered with `ack`).
    public static let signalStep = MessageKind(rawValue: 24)
    public static let signalStepReply = MessageKind(rawValue: 25)
    /// Keystrokes and window sizes for a step's pty task (posted by srun; also the push kind to the agent).
    public static let stepInput = MessageKind(rawValue: 26)
    /// An interactive allocation is over (now, or when this connection closes); answered with a `JobActionReply`.
    public static let endAllocation = MessageKind(rawValue: 28)
    public static let endAllocationReply = MessageKind(rawValue: 29)
    /// Every node (or the ones named) with its state and free resources, like sinfo; any user may ask.
    public static let listNodes = MessageKind(rawValue: 30)
    public static let nodeList = MessageKind(rawValue: 31)
    /// An admin drains, resumes or sets down nodes (`NodeControlRequest`); answered with `NodeControlReply`.
    public static let nodeControl = MessageKind(rawValue: 32)
    public static let nodeControlReply = MessageKind(rawValue: 33)

    // Node agent requests
    public static let registerNode = MessageKind(rawValue: 40)
    public static let registerNodeReply = MessageKind(rawValue: 41)
    public static let heartbeat = MessageKind(rawValue: 42)
    public static let heartbeatAck = MessageKind(rawValue: 43)
    public static let jobStarted = MessageKind(rawValue: 44)
    public static let jobStartedAck = MessageKind(rawValue: 45)
    public static let jobExited = MessageKind(rawValue: 46)
    public static let jobExitedAck = MessageKind(rawValue: 47)
    /// A slice of a step task's output, relayed by schedd to the `srun` that started the step (also the push kind).
    public static let stepOutput = MessageKind(rawValue: 48)
    public static let stepOutputAck = MessageKind(rawValue: 49)
    public static let stepTaskExited = MessageKind(rawValue: 50)
    public static let stepTaskExitedAck = MessageKind(rawValue: 51)

    // Server pushes to an agent on its long-lived connection
    public static let launchJob = MessageKind(rawValue: 60)
    public static let killJob = MessageKind(rawValue: 62)
    /// Server asks the agent for a slice of a job's log; the agent answers with `logChunk` (same request id).
    public static let fetchLog = MessageKind(rawValue: 64)
    /// Start this node's tasks of a step (`StartStep`); signal them (`SignalStep`).
    public static let startStep = MessageKind(rawValue: 66)
    public static let stopStep = MessageKind(rawValue: 68)

    // Accounts, QoS, audit, usage and priority (admin and researcher views). Admin token only: accountChange,
    // qosUpdate, listAudit, fundingReport. The others are open to users, scoped to their own projects and jobs.
    public static let accountChange = MessageKind(rawValue: 80)
    public static let accountChangeReply = MessageKind(rawValue: 81)
    public static let listAccounts = MessageKind(rawValue: 82)
    public static let accountList = MessageKind(rawValue: 83)
    public static let qosUpdate = MessageKind(rawValue: 84)
    public static let qosUpdateReply = MessageKind(rawValue: 85)
    public static let listAudit = MessageKind(rawValue: 86)
    public static let auditList = MessageKind(rawValue: 87)
    public static let queryUsage = MessageKind(rawValue: 88)
    public static let usageReport = MessageKind(rawValue: 89)
    public static let fundingReport = MessageKind(rawValue: 90)
    public static let fundingReportRows = MessageKind(rawValue: 91)
    public static let jobPriority = MessageKind(rawValue: 92)
    public static let priorityBreakdown = MessageKind(rawValue: 93)
    /// Jobs from the database, finished ones long after they left the live queue (sacct); users see their own.
    public static let queryHistory = MessageKind(rawValue: 94)
    public static let historyList = MessageKind(rawValue: 95)
    /// GPU-hours per project and step of a scheme, for burn-down charts.
    public static let usageSeries = MessageKind(rawValue: 96)
    public static let usageSeriesReply = MessageKind(rawValue: 97)
    /// The Fair Tree with each level's share, usage and factor (sshare).
    public static let fairShareTree = MessageKind(rawValue: 98)
    public static let fairShareTreeReply = MessageKind(rawValue: 99)
    /// The queue's length and wait over time, from schedd's samples.
    public static let queueSeries = MessageKind(rawValue: 100)
    public static let queueSeriesReply = MessageKind(rawValue: 101)

    public var description: String { Self.names[rawValue] ?? "kind(\(rawValue))" }

    private static let names: [UInt16: String] = [
        1: "hello", 2: "welcome", 3: "error",
        10: "submitJob", 11: "submitJobReply", 12: "queryJobs", 13: "jobList",
        14: "cancelJobs", 15: "cancelJobsReply", 16: "releaseJobs", 17: "releaseJobsReply",
        18: "holdJobs", 19: "holdJobsReply", 20: "readLog", 21: "logChunk", 22: "runStep", 23: "stepEnded",
        24: "signalStep", 25: "signalStepReply", 26: "stepInput", 28: "endAllocation", 29: "endAllocationReply", 30: "listNodes", 31: "nodeList",
        32: "nodeControl", 33: "nodeControlReply",
        40: "registerNode", 41: "registerNodeReply", 42: "heartbeat", 43: "heartbeatAck",
        44: "jobStarted", 45: "jobStartedAck", 46: "jobExited", 47: "jobExitedAck",
        48: "stepOutput", 49: "stepOutputAck", 50: "stepTaskExited", 51: "stepTaskExitedAck",
        60: "launchJob", 62: "killJob", 64: "fetchLog", 66: "startStep", 68: "stopStep",
        80: "accountChange", 81: "accountChangeReply", 82: "listAccounts", 83: "accountList",
        84: "qosUpdate", 85: "qosUpdateReply", 86: "listAudit", 87: "auditList",
        88: "queryUsage", 89: "usageReport", 90: "fundingReport", 91: "fundingReportRows",
        92: "jobPriority", 93: "priorityBreakdown", 94: "queryHistory", 95: "historyList",
        96: "usageSeries", 97: "usageSeriesReply", 98: "fairShareTree", 99: "fairShareTreeReply",
        100: "queueSeries", 101: "queueSeriesReply",
    ]
}
