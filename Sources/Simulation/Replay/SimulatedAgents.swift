import SchedulerCore

/// The node agents of a replay: each launched part of a job "runs" until its exit event comes due. Nothing runs;
/// an agent only schedules the exit report a real one would send.
struct SimulatedAgents {
    struct Part: Hashable {
        var job: JobID
        var node: String
    }

    /// Events the agents (and the trace) put on the replay's clock.
    enum Due {
        case submit(Int)
        case started(JobID, node: String)
        /// Valid only while `token` is still the part's current one (a kill supersedes the natural exit).
        case exited(Part, ExitReport, token: UInt64)
    }

    /// Between a kill order and the process being gone (the agent's SIGTERM grace, roughly).
    static let killDelay = Span.seconds(5)

    private var exits: [Part: (token: UInt64, at: Instant)] = [:]
    private var nextToken: UInt64 = 0

    var runningParts: Int { exits.count }

    /// The part starts now (its start report follows at once) and exits after `runTime`, timed out or not.
    mutating func launch(_ part: Part, runTime: Span, timedOut: Bool, at now: Instant, on queue: inout EventQueue<Due>) {
        queue.schedule(.started(part.job, node: part.node), at: now)
        let report = timedOut ? ExitReport(exitCode: 0, signal: 9, timedOut: true) : ExitReport(exitCode: 0)
        scheduleExit(part, report, at: now + runTime, on: &queue)
    }

    /// SIGTERM: the part exits `killDelay` from now, unless it was ending sooner anyway.
    mutating func kill(_ part: Part, at now: Instant, on queue: inout EventQueue<Due>) {
        guard let current = exits[part] else { return }
        let deadline = now + Self.killDelay
        guard deadline < current.at else { return }
        scheduleExit(part, ExitReport(exitCode: 0, signal: 15), at: deadline, on: &queue)
    }

    /// Whether an exit event is the part's current one; if so the part is gone from now on.
    mutating func takeExit(_ part: Part, token: UInt64) -> Bool {
        guard exits[part]?.token == token else { return false }
        exits[part] = nil
        return true
    }

    private mutating func scheduleExit(_ part: Part, _ report: ExitReport, at time: Instant, on queue: inout EventQueue<Due>) {
        nextToken += 1
        exits[part] = (nextToken, time)
        queue.schedule(.exited(part, report, token: nextToken), at: time)
    }
}
