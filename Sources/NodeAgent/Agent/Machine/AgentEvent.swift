import SchedulerProtocol

/// What happened, as the driver tells the state machine: pushes from schedd, answers to the machine's own requests,
/// what the spool and the processes say, and timers. Facts in the past tense; the machine decides what follows.
enum AgentEvent: Sendable {
    /// The agent process is up and has read its spool (`spoolReportFound`, `spoolPartFound`): time to connect.
    case started
    /// The connection asked for by `AgentAction.connect(session:)` is up (handshake done).
    case connected(session: UInt64)
    /// The connection could not be made, was closed, or a request the link depends on (exit report, registration,
    /// heartbeat) failed or timed out: the link is gone.
    case connectionFailed(session: UInt64, why: String)
    /// schedd has this exit report (its `jobExited` was answered).
    case exitReportAcknowledged(JobExited, session: UInt64)
    case registered(RegisterNodeReply, session: UInt64)
    case heartbeatAcknowledged(session: UInt64)
    case timerFired(AgentTimer)

    /// schedd pushed an order on the connection of that session.
    case pushed(AgentPush, session: UInt64)
    /// The part's record is in the spool (`failure` nil) or could not be written.
    case partRecordWritten(job: UInt64, epoch: UInt32, failure: String?)
    /// How schedd answered this node's `jobStarted` for the run.
    case claimAnswered(job: UInt64, epoch: UInt32, ClaimAnswer)
    /// The part's shepherd was spawned (pid), or the part holds the node for step tasks (0).
    case partStarted(job: UInt64, epoch: UInt32, shepherd: Int32)
    case partStartFailed(job: UInt64, epoch: UInt32, why: String)
    /// The part's shepherd ended (or, taken back after a restart, is gone) and this is how its job ended.
    case partEnded(job: UInt64, epoch: UInt32, JobLauncher.Termination)

    /// An exit report a previous agent process kept in the spool, not acknowledged by schedd.
    case spoolReportFound(JobExited)
    /// A part a previous agent process launched, and what is left of it.
    case spoolPartFound(PartRecord, SpoolFinding)
}

/// The pushes the machine decides about. The others (a step's signal or keystrokes, a log read) are carried out by the
/// driver as they come: they decide nothing.
enum AgentPush: Sendable, Equatable {
    /// Launch a job's part on this node.
    case launch(LaunchJob)
    case kill(KillJob)
    /// Start a step's tasks (`srun`) in a job running here.
    case step(StartStep)

    var jobID: UInt64 {
        switch self {
        case .launch(let launch): launch.jobID
        case .kill(let kill): kill.jobID
        case .step(let step): step.jobID
        }
    }
}

/// schedd's answer to a `jobStarted`.
enum ClaimAnswer: Sendable, Equatable {
    /// Committed: the run is this node's to start.
    case confirmed
    /// schedd said no (the job was cancelled, requeued elsewhere, …): nothing of it may run here.
    case refused(String)
    /// No answer (connection lost, timeout): schedd may or may not have committed it.
    case unanswered(String)
}

/// What the spool and /proc tell of a part a previous agent process launched.
enum SpoolFinding: Sendable, Equatable {
    /// Its shepherd still runs (found by its command line).
    case shepherdRunning(Int32)
    /// No shepherd: whether the shepherd recorded an exit status, and how the job ended as far as the spool knows.
    case shepherdGone(exitStatusRecorded: Bool, JobLauncher.Termination)
}
