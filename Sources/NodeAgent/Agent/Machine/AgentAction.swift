import SchedulerProtocol

/// What the state machine orders the driver to do. Actions that ask something of the world name the event their
/// answer comes back as; the others are fire-and-forget (a signal, a file removed, a log line).
enum AgentAction: Sendable, Equatable {
    /// Connect to schedd and say hello → `connected` or `connectionFailed` with this session.
    case connect(session: UInt64)
    /// Close that session's connection (it failed; a new one will be made).
    case disconnect(session: UInt64)
    /// `jobExited` → `exitReportAcknowledged`, or `connectionFailed` if unanswered.
    case sendExitReport(JobExited, session: UInt64)
    /// `registerNode` with the jobs schedd must count as this node's → `registered` or `connectionFailed`.
    case register(jobIDs: [UInt64], epochs: [UInt32], session: UInt64)
    /// `heartbeat` with the running parts → `heartbeatAcknowledged` or `connectionFailed`.
    case sendHeartbeat(jobIDs: [UInt64], epochs: [UInt32], session: UInt64)
    case setTimer(AgentTimer, afterMs: Int64)

    /// Write the part's record to the spool before anything else of it happens → `partRecordWritten`.
    case writePartRecord(PartRecord)
    /// Ask schedd to confirm the run (`jobStarted`) → `claimAnswered`.
    case claim(job: UInt64, epoch: UInt32)
    /// Spawn the part's shepherd, or hold the node for step tasks → `partStarted` or `partStartFailed`; later
    /// `partEnded`.
    case startPart(LaunchJob)
    /// Rewrite the part's record (now with its shepherd's pid); best effort.
    case updatePartRecord(PartRecord)
    /// Watch a shepherd taken back after a restart (not this process's child) → `partEnded` once it is gone.
    case watchShepherd(job: UInt64, epoch: UInt32, pid: Int32)
    /// The job's process group (the shepherd, which passes it on, until the job's pid is known), only while that
    /// shepherd lives.
    case signalPart(job: UInt64, shepherd: Int32, signal: Int32)
    /// The batch script's own process (not its children), only while that shepherd lives (`--signal=B:`).
    case signalBatchShell(job: UInt64, shepherd: Int32, signal: Int32)
    /// SIGKILL to a run schedd has moved past: its process group and its shepherd.
    case killRun(job: UInt64, shepherd: Int32)
    /// Every task of the job's steps here.
    case signalSteps(job: UInt64, signal: Int32)
    /// Start the step's tasks (the job runs here) / answer each of its tasks as failed.
    case startStepTasks(StartStep)
    case refuseStepTasks(StartStep, why: String)
    /// Kill what is left in the job's cgroup and remove the part's spool files but its report.
    case cleanUp(job: UInt64)
    /// Keep the exit report in the spool / remove it (acknowledged or superseded).
    case keepExitReport(JobExited)
    case dropExitReport(job: UInt64)
    case log(LogLevel, String)

    enum LogLevel: Sendable, Equatable { case info, warning }
}
