import NIOCore
import SchedulerCore
import SchedulerProtocol

/// Requests from node agents. The node's name is the authenticated token's subject, never a field an agent
/// could forge.
struct AgentRequests {
    let service: SchedulerService
    let sessions: AgentSessions

    func registerNode(_ frame: Frame, node: String, channel: any Channel) async throws -> Frame {
        let message = try frame.decode(RegisterNode.self)
        if let problem = RegistrationLimits.problem(with: message) { throw problem }
        guard message.name.isEmpty || message.name == node else {
            throw ErrorReply(code: .permissionDenied,
                             message: "this token is for node \(node), not \(message.name)",
                             hint: "issue a node token with --user \(message.name), or start nodeagent with --name \(node)")
        }
        // Attach first: the registration's own scheduling cycle may launch jobs on this node.
        sessions.attach(node: node, channel: channel)
        let inventory = WireMapping.inventory(from: message, name: node)
        let running = message.runningJobIDs.map { JobID($0) }
        let epochs = Self.epochs(message.runningJobIDs, message.runningEpochs)
        let reply = await service.perform {
            .nodeRegistered(inventory, running: running, epochs: epochs, request: $0)
        }
        if case .rejected = reply { _ = sessions.detach(node: node, channel: channel) }
        return try frame.respond(.registerNodeReply, with: reply)
    }

    func heartbeat(_ frame: Frame, node: String) async throws -> Frame {
        let message = try frame.decode(Heartbeat.self)
        await service.post(.heartbeatReceived(node: node, running: message.runningJobIDs.map { JobID($0) },
                                              epochs: Self.epochs(message.runningJobIDs, message.runningEpochs)))
        return Frame(kind: .heartbeatAck, requestID: frame.requestID, message: Ack())
    }

    func jobStarted(_ frame: Frame, node: String) async throws -> Frame {
        let message = try frame.decode(JobStarted.self)
        let reply = await service.perform {
            .jobStarted(JobID(message.jobID), node: node, note: message.note, epoch: Int(message.epoch),
                        request: $0)
        }
        return try frame.respond(.jobStartedAck, with: reply)
    }

    func jobExited(_ frame: Frame, node: String) async throws -> Frame {
        let message = try frame.decode(JobExited.self)
        let report = ExitReport(exitCode: message.exitCode, signal: Int32(clamping: message.signal),
                                timedOut: message.timedOut, message: message.message,
                                neverStarted: message.neverStarted)
        let reply = await service.perform {
            .jobExited(JobID(message.jobID), node: node, report, epoch: Int(message.epoch), request: $0)
        }
        return try frame.respond(.jobExitedAck, with: reply)
    }

    /// The epochs an agent listed beside its job ids (an older agent lists none).
    static func epochs(_ ids: [UInt64], _ epochs: [UInt32]) -> [JobID: Int] {
        guard ids.count == epochs.count else { return [:] }
        return Dictionary(zip(ids.map { JobID($0) }, epochs.map { Int($0) }), uniquingKeysWith: { a, _ in a })
    }
}
