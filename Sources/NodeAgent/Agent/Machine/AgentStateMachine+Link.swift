import SchedulerProtocol

/// The link to schedd: connect, flush the unacknowledged exit reports, register, heartbeat; on any failure, drop the
/// link and try again after a backoff.
extension AgentStateMachine {
    mutating func handleLink(_ event: AgentEvent, now: AgentTime) -> [AgentAction] {
        switch event {
        case .started:
            guard link == .down, session == 0 else { return [] }
            return connect()
        case .connected(let session):
            guard session == self.session, link == .connecting else { return [] }
            link = .flushing
            return flushThenRegister()
        case .connectionFailed(let session, let why):
            guard session == self.session, link != .down else { return [] }
            return linkLost(why)
        case .exitReportAcknowledged(let exit, let session):
            return reportAcknowledged(exit, session: session)
        case .registered(let reply, let session):
            guard session == self.session, link == .registering else { return [] }
            return registered(reply, now: now)
        case .heartbeatAcknowledged(let session):
            guard session == self.session, link == .up else { return [] }
            heartbeatInFlight = false
            return [.setTimer(.heartbeat(session: session), afterMs: heartbeatIntervalMs)]
        default:
            return []
        }
    }

    mutating func linkTimerFired(_ timer: AgentTimer) -> [AgentAction] {
        switch timer {
        case .reconnect(let session):
            guard session == self.session, link == .down else { return [] }
            return connect()
        case .heartbeat(let session):
            guard session == self.session, link == .up, !heartbeatInFlight else { return [] }
            heartbeatInFlight = true
            let running = runningJobs
            return [.sendHeartbeat(jobIDs: running.ids, epochs: running.epochs, session: session)]
        default:
            return []
        }
    }

    private mutating func connect() -> [AgentAction] {
        session += 1
        link = .connecting
        return [.connect(session: session)]
    }

    /// Reports first, one at a time: schedd learns of every end before the list of what still runs here, which
    /// then names the ended jobs whose report is still unacknowledged.
    private mutating func flushThenRegister() -> [AgentAction] {
        let sending = sendNextReport()
        guard sending.isEmpty, reportInFlight == nil else { return sending }
        link = .registering
        let held = registeredJobs
        return [.register(jobIDs: held.ids, epochs: held.epochs, session: session)]
    }

    /// Jobs keep running while the link is down; what is unacknowledged is sent again on the next link.
    private mutating func linkLost(_ why: String) -> [AgentAction] {
        let lost = session
        link = .down
        reportInFlight = nil
        heldPushes = [] // dropped with their connection, as pushes of a closed connection always were
        heartbeatInFlight = false
        let wait = backoffMs
        // Never reset: a link that keeps failing soon after registering is retried at the longest backoff.
        backoffMs = min(backoffMs * 2, Self.longestBackoffMs)
        return [.log(.warning, "connection to schedd lost: \(why); retrying in \(wait / 1_000) s"),
                .disconnect(session: lost), .setTimer(.reconnect(session: lost), afterMs: wait)]
    }

    /// Only that very report is forgotten: a later report of the job (a later run that ended meanwhile) stays.
    private mutating func reportAcknowledged(_ exit: JobExited, session: UInt64) -> [AgentAction] {
        var actions: [AgentAction] = []
        if exits[exit.jobID] == exit {
            exits[exit.jobID] = nil
            actions.append(.dropExitReport(job: exit.jobID))
        }
        guard session == self.session, reportInFlight == exit else { return actions }
        reportInFlight = nil
        switch link {
        case .flushing: return actions + flushThenRegister()
        case .up: return actions + sendNextReport()
        default: return actions
        }
    }

    private mutating func registered(_ reply: RegisterNodeReply, now: AgentTime) -> [AgentAction] {
        link = .up
        heartbeatIntervalMs = max(Int64(reply.heartbeatIntervalMs), 200)
        let timeout = reply.nodeTimeoutMs > 0 ? Int64(reply.nodeTimeoutMs) : Self.defaultNodeTimeoutMs
        fenceWindowMs = timeout / 2
        var actions: [AgentAction] = [.log(.info, "registered with schedd; \(parts.count) jobs still running")]
        // Processes schedd no longer counts as this node's (requeued elsewhere while it was cut off) go before
        // anything new starts here.
        for id in reply.killJobIDs {
            actions += kill(id, signal: 15, grace: 10, now: now)
        }
        actions.append(.setTimer(.heartbeat(session: session), afterMs: heartbeatIntervalMs))
        let held = heldPushes
        heldPushes = []
        return actions + sendNextReport() + replay(held, now: now)
    }
}
