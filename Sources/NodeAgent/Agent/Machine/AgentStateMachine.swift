import Glibc
import SchedulerProtocol

/// Every decision the node agent makes, as a value: events in (`AgentEvent`), actions out (`AgentAction`), time
/// handed in. No I/O, no clock, no tasks: `AgentDriver` turns sockets, processes, files and timers into events and
/// carries out the actions, so the rules below are unit-tested (NodeAgentTests) as they run in production.
///
/// The rules it keeps:
/// - The link: connect; send the exit reports schedd has not acknowledged, one at a time; register with the parts
///   still running and the ended ones not yet acknowledged; then heartbeat. Any failure drops the link and a new one
///   is tried after a backoff (1 s doubling to 8 s). Jobs run on while the link is down.
/// - No job runs twice at once: a run is started only after its record is in the spool and schedd confirmed it
///   within half the time after which it fences a silent node; a push of a run that is here or being asked about
///   starts nothing; a later run of the same job kills the earlier one first.
/// - No end is lost: an exit report stays (in memory and in the spool) until schedd acknowledges that very report;
///   one that cannot be delivered is sent again on the next link.
///
/// Its state is set only by its own extensions (one file per concern), never from outside.
struct AgentStateMachine: Sendable {
    /// A part this node runs (or holds for step tasks).
    struct Part: Sendable, Equatable {
        /// 0 for a part that holds the node for `srun`'s tasks and runs no command of its own.
        var shepherd: Int32
        var epoch: UInt32
        /// Counts parts tracked by this agent, so a timer of an earlier run (before a requeue) leaves this one alone.
        var run: UInt64
        var isBatchShell: Bool
        /// SIGTERM, then SIGKILL this many seconds later, at the time limit.
        var killWait: UInt32
        var killRequested = false
        var timedOut = false
    }

    /// A launch on its way to starting: its record being written, schedd being asked, or its shepherd being spawned.
    struct Claim: Sendable, Equatable {
        enum Phase: Sendable, Equatable {
            case recording
            /// `jobStarted` sent at this monotonic time.
            case asking(sinceMs: Int64)
            case starting
        }
        var launch: LaunchJob
        var record: PartRecord
        var phase: Phase
        /// Pushes about the job that came meanwhile: carried out, in order, once the launch has settled, as if the
        /// pushes had been handled one after the other (a kill then finds the part started, a step its job).
        var deferred: [AgentPush] = []
    }

    enum Link: Sendable, Equatable {
        /// No connection; a reconnect timer is set.
        case down
        case connecting
        /// Connected, sending the unacknowledged exit reports before registering.
        case flushing
        case registering
        /// Registered: heartbeats, pushes and reports flow.
        case up
    }

    var link: Link = .down
    /// Numbers each connection attempt; answers and timers of an earlier one are ignored.
    var session: UInt64 = 0
    var backoffMs: Int64 = 1_000
    var heartbeatIntervalMs: Int64 = 1_000
    /// A launch confirmed later than this after asking is not started: schedd may have fenced this node meanwhile.
    var fenceWindowMs: Int64 = 30_000
    var parts: [UInt64: Part] = [:]
    var claims: [UInt64: Claim] = [:]
    /// Exit reports schedd has not acknowledged, by job.
    var exits: [UInt64: JobExited] = [:]
    /// The report whose `jobExited` is unanswered on the current link (one at a time, in job order).
    var reportInFlight: JobExited?
    /// Pushes of the current connection that came before its registration was answered: carried out after the
    /// registration's kills, which must not hit a run started meanwhile.
    var heldPushes: [AgentPush] = []
    var heartbeatInFlight = false
    var runs: UInt64 = 0
    /// Parts taken back from the spool at start-up, and those that had ended meanwhile.
    var adoption = (adopted: 0, ended: 0)

    /// The reconnect backoff's bounds.
    static let firstBackoffMs: Int64 = 1_000
    static let longestBackoffMs: Int64 = 8_000
    /// Used until registration says otherwise (`nodeTimeoutMs` 0): schedd's default node timeout.
    static let defaultNodeTimeoutMs: Int64 = 60_000
    /// Step tasks outlive their job's end by at most this long (SIGTERM, then SIGKILL).
    static let stepGraceSeconds: UInt32 = 10

    init() {}

    /// Applies one event and returns what to do, in order.
    mutating func handle(_ event: AgentEvent, now: AgentTime) -> [AgentAction] {
        switch event {
        case .started, .connected, .connectionFailed, .exitReportAcknowledged, .registered, .heartbeatAcknowledged:
            return handleLink(event, now: now)
        case .timerFired(let timer):
            return timerFired(timer, now: now)
        case .pushed(let push, let session):
            guard session == self.session else { return [] } // from a connection that is gone
            guard link == .up else {
                heldPushes.append(push)
                return []
            }
            return handlePush(push, now: now)
        case .partRecordWritten, .claimAnswered, .partStarted, .partStartFailed:
            return handleLaunch(event, now: now)
        case .partEnded(let job, let epoch, let termination):
            return ended(job, epoch: epoch, termination, now: now)
        case .spoolReportFound, .spoolPartFound:
            return handleSpool(event, now: now)
        }
    }

    /// A push about a job whose launch is being started waits for it (see `Claim.deferred`).
    mutating func handlePush(_ push: AgentPush, now: AgentTime) -> [AgentAction] {
        if claims[push.jobID] != nil {
            claims[push.jobID]?.deferred.append(push)
            return []
        }
        switch push {
        case .launch(let launch):
            return admit(launch, now: now)
        case .kill(let kill):
            return [.log(.info, "killing job \(kill.jobID): \(kill.reason)")]
                + self.kill(kill.jobID, signal: Int32(kill.signal == 0 ? UInt32(SIGTERM) : kill.signal),
                            grace: kill.graceSeconds == 0 ? 10 : kill.graceSeconds, now: now)
        case .step(let step):
            guard parts[step.jobID] != nil else {
                return [.refuseStepTasks(step, why: "job \(step.jobID) is not running on this node")]
            }
            return [.log(.info, "job \(step.jobID) step \(step.stepID): starting \(step.tasks.count) task(s)"),
                    .startStepTasks(step)]
        }
    }

    /// The jobs schedd must count as this node's when it registers: running parts, then ended ones whose report
    /// it has not acknowledged (each list by job id).
    var registeredJobs: (ids: [UInt64], epochs: [UInt32]) {
        let running = parts.sorted { $0.key < $1.key }
        let ended = exits.sorted { $0.key < $1.key }
        return (running.map(\.key) + ended.map(\.key), running.map(\.value.epoch) + ended.map(\.value.epoch))
    }

    /// The running parts, for heartbeats.
    var runningJobs: (ids: [UInt64], epochs: [UInt32]) {
        let running = parts.sorted { $0.key < $1.key }
        return (running.map(\.key), running.map(\.value.epoch))
    }

}

extension AgentStateMachine {
    /// Starts supervising a part (launched now, or taken back from the spool): its timers count from its record, so a
    /// part taken back after a restart keeps its limit and its warning.
    mutating func track(_ record: PartRecord, shepherd: Int32, now: AgentTime) -> [AgentAction] {
        runs += 1
        let run = runs
        parts[record.jobID] = Part(shepherd: shepherd, epoch: record.epoch, run: run,
                                   isBatchShell: record.isBatchShell, killWait: record.killWaitSeconds)
        var actions: [AgentAction] = []
        if let deadline = record.deadline {
            actions.append(.setTimer(.timeLimit(job: record.jobID, run: run), afterMs: Self.msUntil(deadline, now)))
        }
        if let warningAt = record.warningAt, record.warningSignal != 0 {
            actions.append(.setTimer(.warning(job: record.jobID, run: run, signal: record.warningSignal,
                                              batchOnly: record.warningBatchOnly),
                                     afterMs: Self.msUntil(warningAt, now)))
        }
        return actions
    }

    /// From now to a wall-clock time in epoch seconds (as records keep them), never negative.
    static func msUntil(_ epochSeconds: Double, _ now: AgentTime) -> Int64 {
        max(0, Int64((epochSeconds * 1_000).rounded(.up)) - now.wallMs)
    }

    /// Keeps a report until schedd acknowledges it, replacing any earlier one of the job, and sends it if the link
    /// can take it now.
    mutating func record(_ exit: JobExited) -> [AgentAction] {
        exits[exit.jobID] = exit
        return [.keepExitReport(exit)] + sendNextReport()
    }

    /// Sends the first unacknowledged report if the link is connected and no report is on its way.
    mutating func sendNextReport() -> [AgentAction] {
        guard link == .flushing || link == .up, reportInFlight == nil,
              let next = exits.min(by: { $0.key < $1.key })?.value else { return [] }
        reportInFlight = next
        return [.sendExitReport(next, session: session)]
    }

    /// The report as the machine makes it: the end time is the machine's `now`, not a clock it reads.
    static func exit(_ job: UInt64, epoch: UInt32, _ termination: JobLauncher.Termination, timedOut: Bool,
                     now: AgentTime) -> JobExited {
        JobExited.make(job, epoch: epoch, exitCode: termination.exitCode, signal: termination.signal,
                       message: termination.launchFailure, timedOut: timedOut, endedAtMs: now.wallMs)
    }

    static func neverStarted(_ job: UInt64, epoch: UInt32, _ why: String, now: AgentTime) -> JobExited {
        var exit = JobExited.make(job, epoch: epoch, exitCode: 0, signal: 0, message: why, timedOut: false,
                                  endedAtMs: now.wallMs)
        exit.neverStarted = true
        return exit
    }
}
