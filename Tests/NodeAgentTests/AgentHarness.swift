@testable import NodeAgent
import SchedulerProtocol

/// The agent's state machine driven by hand, as the driver drives it: events in, actions out, the clock moved by
/// the test. Helpers answer the machine's requests the way the world usually does, so a test spells out only the
/// part of the story it is about.
struct AgentHarness {
    var machine = AgentStateMachine()
    var now = AgentTime(monotonicMs: 5_000, wallMs: 1_800_000_000_000)

    static let wallSeconds = 1_800_000_000.0

    mutating func on(_ event: AgentEvent) -> [AgentAction] { machine.handle(event, now: now) }

    mutating func advance(ms: Int64) { now = now.advanced(byMs: ms) }

    /// Started, connected and registered (no reports pending); returns the actions of the registration's answer.
    @discardableResult
    mutating func registered(_ reply: RegisterNodeReply = Self.reply()) -> [AgentAction] {
        _ = on(.started)
        _ = on(.connected(session: machine.session))
        return on(.registered(reply, session: machine.session))
    }

    static func reply(heartbeatMs: UInt32 = 1_000, nodeTimeoutMs: UInt32 = 60_000, kill: [UInt64] = []) -> RegisterNodeReply {
        var reply = RegisterNodeReply()
        reply.heartbeatIntervalMs = heartbeatMs
        reply.nodeTimeoutMs = nodeTimeoutMs
        reply.killJobIDs = kill
        return reply
    }

    static func launch(_ job: UInt64, epoch: UInt32 = 1, limit: UInt64 = 0, killWait: UInt32 = 0, script: String = "",
                       holds: Bool = false, warning: UInt32 = 0, warningSeconds: UInt32 = 0,
                       batchOnly: Bool = false) -> LaunchJob {
        var launch = LaunchJob()
        launch.jobID = job
        launch.epoch = epoch
        launch.argv = ["/bin/true"]
        launch.timeLimitSeconds = limit
        launch.killWaitSeconds = killWait
        launch.script = script
        launch.holdsForSteps = holds
        launch.warningSignal = warning
        launch.warningSeconds = warningSeconds
        launch.warningBatchOnly = batchOnly
        return launch
    }

    static func kill(_ job: UInt64, signal: UInt32 = 15, grace: UInt32 = 10) -> KillJob {
        var kill = KillJob()
        kill.jobID = job
        kill.signal = signal
        kill.graceSeconds = grace
        kill.reason = "test"
        return kill
    }

    mutating func push(_ push: AgentPush) -> [AgentAction] { on(.pushed(push, session: machine.session)) }

    /// Pushes a launch and answers everything on its way: record written, confirmed, shepherd `pid` spawned. All the
    /// actions, in order.
    @discardableResult
    mutating func launched(_ launch: LaunchJob, pid: Int32 = 4_242) -> [AgentAction] {
        var actions = push(.launch(launch))
        actions += on(.partRecordWritten(job: launch.jobID, epoch: launch.epoch, failure: nil))
        actions += on(.claimAnswered(job: launch.jobID, epoch: launch.epoch, .confirmed))
        actions += on(.partStarted(job: launch.jobID, epoch: launch.epoch, shepherd: launch.holdsForSteps ? 0 : pid))
        return actions
    }

    /// The record the machine writes for `launch` at the harness's current time.
    func record(_ launch: LaunchJob) -> PartRecord { PartRecord(launch: launch, at: Double(now.wallMs) / 1_000) }

    static func exit(_ job: UInt64, epoch: UInt32 = 1, code: Int32, signal: Int32 = 0, message: String = "",
                     timedOut: Bool = false, at now: AgentTime) -> JobExited {
        JobExited.make(job, epoch: epoch, exitCode: code, signal: signal, message: message, timedOut: timedOut,
                       endedAtMs: now.wallMs)
    }
}

extension Array where Element == AgentAction {
    /// Without log lines: what the driver does to the world.
    var effects: [AgentAction] { filter { if case .log = $0 { false } else { true } } }

    var startedParts: [LaunchJob] { compactMap { if case .startPart(let launch) = $0 { launch } else { nil } } }

    var sentReports: [JobExited] {
        compactMap { if case .sendExitReport(let exit, _) = $0 { exit } else { nil } }
    }

    var keptReports: [JobExited] { compactMap { if case .keepExitReport(let exit) = $0 { exit } else { nil } } }

    var registrations: [[UInt64]] { compactMap { if case .register(let ids, _, _) = $0 { ids } else { nil } } }
}
