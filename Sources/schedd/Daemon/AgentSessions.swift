import Logging
import NIOCore
import SchedulerCore
import SchedulerProtocol
import Synchronization

/// The long-lived connections of node agents, by node name: where launches, kills and log fetches go.
///
/// Server pushes carry request ids with the high bit set, so they never collide with the agent's own ids,
/// and the agent's answers to them (e.g. `logChunk` for `fetchLog`) are routed back here.
final class AgentSessions: OutboundDispatcher, Sendable {
    static let pushBit = Frame.serverPushBit

    private struct State {
        var channels: [String: any Channel] = [:]
        var pending: [UInt64: (channel: any Channel, continuation: CheckedContinuation<Frame, any Error>)] = [:]
        var nextPush: UInt64 = 1
    }

    private let state = Mutex(State())
    private let logger: Logger
    private let credentials: JobCredentials?

    init(logger: Logger, credentials: JobCredentials? = nil) {
        self.logger = logger
        self.credentials = credentials
    }

    /// Makes `channel` the node's session, closing an older one (an agent that reconnected).
    func attach(node: String, channel: any Channel) {
        let old = state.withLock { $0.channels.updateValue(channel, forKey: node) }
        if let old, old !== channel { old.close(promise: nil) }
    }

    /// Forgets the session if `channel` is still the node's current one; true if it was.
    func detach(node: String, channel: any Channel) -> Bool {
        state.withLock { state in
            guard let current = state.channels[node], current === channel else { return false }
            state.channels[node] = nil
            return true
        }
    }

    func launch(_ job: Job, on node: String, nodes: [String: Node], killWait: UInt32) {
        guard var message = WireMapping.launch(job, on: node, nodes: nodes) else { return }
        message.killWaitSeconds = killWait
        if let token = credentials?.token(for: job) { message.environment.append("AISCHED_TOKEN=\(token)") }
        push(.launchJob, message, to: node)
    }

    func kill(_ job: JobID, on node: String, reason: String, graceSeconds: UInt32) {
        var message = KillJob()
        message.jobID = job.rawValue
        message.signal = 15
        message.graceSeconds = graceSeconds
        message.reason = reason
        push(.killJob, message, to: node)
    }

    /// Closes and forgets the node's session. Its agent must register again, where it learns which of its jobs to
    /// kill before it gets new work; a launch still queued in the socket is never acted on (the agent asks schedd
    /// before starting one, on this connection, which is gone).
    func fence(_ node: String) {
        let channel = state.withLock { $0.channels.removeValue(forKey: node) }
        channel?.close(promise: nil)
    }

    /// The node's channel (if connected) and a fresh push request id.
    private func channelAndPushID(for node: String) -> ((any Channel)?, UInt64) {
        state.withLock { state in
            defer { state.nextPush += 1 }
            return (state.channels[node], Self.pushBit | state.nextPush)
        }
    }

    /// Sends a push to the node's agent; false when it is not connected.
    @discardableResult
    func push(_ kind: MessageKind, _ message: some WireMessage, to node: String) -> Bool {
        let (channel, id) = channelAndPushID(for: node)
        guard let channel else {
            // The core reconciles when the agent re-registers (a launch it never saw is requeued).
            logger.warning("node \(node) is not connected; \(kind) not delivered")
            return false
        }
        channel.writeAndFlush(Frame(kind: kind, requestID: id, message: message), promise: nil)
        return true
    }

    /// Asks the node's agent for a slice of a log file.
    func fetchLog(from node: String, _ request: ReadLog, timeout: Duration = .seconds(10)) async throws -> LogChunk {
        let (channel, id) = channelAndPushID(for: node)
        guard let channel else {
            throw ErrorReply(code: .unavailable, message: "node \(node) is not connected, so its log cannot be read now",
                             hint: "try again when the node is back")
        }
        let reply: Frame = try await withCheckedThrowingContinuation { continuation in
            state.withLock { $0.pending[id] = (channel, continuation) }
            channel.writeAndFlush(Frame(kind: .fetchLog, requestID: id, message: request), promise: nil)
            Task {
                try? await Task.sleep(for: timeout)
                self.fail(id, ErrorReply(code: .unavailable, message: "node \(node) did not answer the log request"))
            }
        }
        if reply.kind == .error { throw try reply.decode(ErrorReply.self) }
        return try reply.decode(LogChunk.self)
    }

    /// An agent's answer to a push, accepted only from the channel the push was sent on.
    func complete(_ frame: Frame, on channel: any Channel) {
        let waiting = state.withLock { state -> CheckedContinuation<Frame, any Error>? in
            guard let entry = state.pending[frame.requestID], entry.channel === channel else { return nil }
            state.pending[frame.requestID] = nil
            return entry.continuation
        }
        waiting?.resume(returning: frame)
    }

    private func fail(_ id: UInt64, _ error: any Error) {
        state.withLock { $0.pending.removeValue(forKey: id) }?.continuation.resume(throwing: error)
    }
}
