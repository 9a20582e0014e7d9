import Foundation
import Logging
import NIOCore
import SchedulerCore
import SchedulerProtocol

/// One client or agent connection: admission, the handshake, then requests handed to the `RequestRouter` under the
/// limits of `ConnectionPolicy`.
///
/// A connection that sends bytes that are not frames, a frame of another protocol version, or an oversized
/// frame gets one `error` frame and is closed; nothing reaches the scheduler, and other connections carry on. So
/// does a connection over a cap, one idle for too long, and one whose token expires or is revoked.
///
/// Flow control: at most `maxRequestsInFlight` requests of the connection are being answered at once, a request
/// counting until its reply has been written to the socket. Beyond that, or while the peer is not reading what
/// schedd writes, the handler holds back the channel's reads: further requests wait in the peer's socket, not in
/// schedd's memory (only the frames of the read already done wait here).
final class ConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = Frame
    typealias OutboundIn = Frame
    typealias OutboundOut = Frame

    /// Ends the connection from elsewhere (its token was revoked): the handler sends the reply as its last frame.
    struct End: Sendable {
        let reply: ErrorReply
    }

    private enum Phase {
        case awaitingHello
        case ready(Principal)
        case closing
    }

    static let pushIDFromClient = ErrorReply(
        code: .unexpectedMessage, message: "request ids with the high bit set are for schedd's pushes to node agents",
        hint: "number your requests 1, 2, 3, … (docs/PROTOCOL.md, \"Request ids\")")

    /// A peer that has not said hello by then is dropped, so idle sockets cannot pile up.
    static let handshakeTimeout = TimeAmount.seconds(10)

    private var phase = Phase.awaitingHello
    private var context: ChannelHandlerContext?
    /// The node this connection speaks for, so its session is detached however the connection ends.
    private var node: String?
    private var handshakeTimer: Scheduled<Void>?
    private var expiryTimer: Scheduled<Void>?
    private var idleTimer: Scheduled<Void>?
    /// Counted by the registry (so it must be uncounted when it closes).
    private var admitted = false
    private var inFlight = 0
    /// Requests that came in the same read beyond `maxRequestsInFlight`, in arrival order.
    private var waiting = CircularBuffer<Frame>()
    /// The channel asked to read while the handler held reads back.
    private var readHeld = false
    private var lastActivity = NIODeadline.now()

    private let authenticator: Authenticator
    private let router: RequestRouter
    private let registry: ConnectionRegistry
    private let logger: Logger
    /// The decoder's limit: small until the peer has authenticated, then `maximumPayloadBytes`.
    private let limit: FrameLimit
    private let maximumPayloadBytes: Int
    private var policy: ConnectionPolicy { registry.policy }

    init(authenticator: Authenticator, router: RequestRouter, registry: ConnectionRegistry, logger: Logger,
         limit: FrameLimit = FrameLimit(), maximumPayloadBytes: Int = FrameDecoder.defaultMaximumPayloadBytes) {
        self.authenticator = authenticator
        self.router = router
        self.registry = registry
        self.logger = logger
        self.limit = limit
        self.maximumPayloadBytes = maximumPayloadBytes
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        let channel = context.channel
        if let refusal = registry.opened(channel, address: Self.address(of: context)) {
            refuse(context: context, refusal, requestID: 0)
        } else {
            admitted = true
            handshakeTimer = context.eventLoop.scheduleTask(in: Self.handshakeTimeout) {
                channel.close(promise: nil)
            }
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch phase {
        case .closing:
            return
        case .awaitingHello:
            handshake(context: context, frame: frame)
        case .ready(let principal):
            if frame.requestID & AgentSessions.pushBit != 0 {
                // Answers to pushes come only from agents, on the connection the push went out on. Anyone else is told,
                // rather than left waiting for an answer that never comes.
                if principal.role == .node {
                    router.sessions.complete(frame, on: context.channel)
                } else {
                    context.writeAndFlush(wrapOutboundOut(Frame.error(Self.pushIDFromClient, requestID: frame.requestID)),
                                          promise: nil)
                }
                return
            }
            if principal.role == .node, frame.kind == .stepOutput || frame.kind == .stepTaskExited {
                // In arrival order, on the event loop: a task's output must reach srun in order, before its end.
                router.steps.receive(frame, from: principal.name)
                return
            }
            if principal.role != .node, frame.kind == .stepInput {
                router.steps.input(frame, from: context.channel) // keystrokes in order, as typed
                return
            }
            if inFlight < policy.maxRequestsInFlight, waiting.isEmpty {
                start(frame, from: principal, context: context)
            } else {
                waiting.append(frame)
            }
        }
    }

    /// Answers the request in a task of its own; the reply is written back on the event loop.
    private func start(_ frame: Frame, from principal: Principal, context: ChannelHandlerContext) {
        inFlight += 1
        lastActivity = .now()
        let channel = context.channel
        let router = self.router
        let loop = context.eventLoop
        let handler = NIOLoopBound(self, eventLoop: loop)
        // An agent's heartbeats and reports go ahead of client traffic wherever work is queued by priority.
        Task(priority: principal.role == .node ? .high : nil) {
            let reply = await router.handle(frame, from: principal, channel: channel)
            loop.execute { handler.value.answered(reply) }
        }
    }

    private func answered(_ reply: Frame) {
        guard let context else { return }
        lastActivity = .now()
        context.writeAndFlush(wrapOutboundOut(reply)).assumeIsolated().whenComplete { _ in
            self.replyWritten()
        }
    }

    /// A request is over only when its reply has left: a peer that does not read its replies stops being read.
    private func replyWritten() {
        inFlight -= 1
        lastActivity = .now()
        guard let context, case .ready(let principal) = phase else { return }
        while inFlight < policy.maxRequestsInFlight, let next = waiting.popFirst() {
            start(next, from: principal, context: context)
        }
        resumeReading()
    }

    // MARK: - Holding reads back

    func read(context: ChannelHandlerContext) {
        if mayRead(context) {
            context.read()
        } else {
            readHeld = true
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        resumeReading()
        context.fireChannelWritabilityChanged()
    }

    private func mayRead(_ context: ChannelHandlerContext) -> Bool {
        inFlight < policy.maxRequestsInFlight && waiting.isEmpty && context.channel.isWritable
    }

    private func resumeReading() {
        guard readHeld, let context, mayRead(context) else { return }
        readHeld = false
        context.read()
    }

    // MARK: - Handshake and the ends of a connection

    private func handshake(context: ChannelHandlerContext, frame: Frame) {
        guard frame.kind == .hello else {
            refuse(context: context, ErrorReply(code: .unexpectedMessage,
                                                message: "the first frame must be hello, not \(frame.kind)"),
                   requestID: frame.requestID)
            return
        }
        do {
            let hello = try frame.decode(Hello.self)
            let identity = try authenticator.authenticate(hello.token)
            if let refusal = registry.authenticated(context.channel, as: identity) {
                refuse(context: context, refusal, requestID: frame.requestID) // logged by the registry, not once each
                return
            }
            let principal = identity.principal
            handshakeTimer?.cancel()
            phase = .ready(principal)
            limit.bytes = maximumPayloadBytes
            if principal.role == .node { node = principal.name }
            scheduleExpiry(of: identity, context: context)
            lastActivity = .now()
            scheduleIdleCheck(context: context)
            var welcome = Welcome(user: principal.name, role: principal.role.rawValue, serverVersion: ScheddVersion.current)
            welcome.schemes = principal.schemes.sorted()
            context.writeAndFlush(wrapOutboundOut(Frame(kind: .welcome, requestID: frame.requestID, message: welcome)),
                                  promise: nil)
        } catch let error as ErrorReply {
            logger.info("refused a connection from \(context.remoteAddress.map { "\($0)" } ?? "?"): \(error.message)")
            refuse(context: context, error, requestID: frame.requestID)
        } catch {
            refuse(context: context, ErrorReply(code: .badFrame, message: "malformed hello: \(error)"),
                   requestID: frame.requestID)
        }
    }

    /// A token stops working at its expiry, also on the connections it opened.
    private func scheduleExpiry(of identity: Identity, context: ChannelHandlerContext) {
        let seconds = max(0, identity.expiresAt - Int64(Date().timeIntervalSince1970))
        let expiry = Date(timeIntervalSince1970: TimeInterval(identity.expiresAt)).formatted(.iso8601)
        expiryTimer = context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(seconds)) {
            self.end(ErrorReply(code: .unauthenticated, message: "the token of this connection expired at \(expiry)",
                                hint: "ask an admin for a new token (schedd token issue)"))
        }
    }

    /// Users' and admins' connections close after `idleTimeoutSeconds` without a request in progress, unless they
    /// run a step or hold an interactive allocation; agents' connections never do (see `ConnectionPolicy`).
    private func scheduleIdleCheck(context: ChannelHandlerContext) {
        guard let idle = policy.idleTimeout, case .ready(let principal) = phase, principal.role != .node else { return }
        idleTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: lastActivity + idle) {
            self.checkIdle(idle)
        }
    }

    private func checkIdle(_ idle: TimeAmount) {
        guard let context, case .ready = phase else { return }
        if inFlight > 0 || !waiting.isEmpty || router.steps.isInUse(by: context.channel) {
            lastActivity = .now()
        } else if NIODeadline.now() - lastActivity >= idle {
            logger.debug("closing connection from \(context.remoteAddress.map { "\($0)" } ?? "?"): idle")
            refuse(context: context, ErrorReply(
                code: .unavailable, message: "schedd closed this connection after \(policy.idleTimeoutSeconds) s without a request",
                hint: "connect again (idleTimeoutSeconds)"), requestID: 0)
            return
        }
        scheduleIdleCheck(context: context)
    }

    /// Ends the connection with `reply` as its last frame (a revoked or expired token).
    private func end(_ reply: ErrorReply) {
        guard let context else { return }
        logger.info("closing connection from \(context.remoteAddress.map { "\($0)" } ?? "?"): \(reply.message)")
        refuse(context: context, reply, requestID: 0)
    }


    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let reply = (error as? FrameError)?.errorReply
            ?? ErrorReply(code: .badFrame, message: "connection error: \(error)")
        logger.info("closing connection from \(context.remoteAddress.map { "\($0)" } ?? "?"): \(reply.message)")
        refuse(context: context, reply, requestID: 0)
    }

    /// The peer will send nothing more. The decoder has already answered a frame it left unfinished (that is why
    /// half-closure is allowed); nothing else can come, so the connection ends here.
    /// Also: an `End` (a cap, an expired or revoked token, an idle timeout) ends the connection with its reply.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let end = event as? End { return self.end(end.reply) }
        if event as? ChannelEvent == .some(.inputClosed) {
            if case .closing = phase {} else { context.close(promise: nil) }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        handshakeTimer?.cancel()
        expiryTimer?.cancel()
        idleTimer?.cancel()
        if admitted { registry.closed(context.channel) }
        router.steps.connectionClosed(context.channel)
        if let node, router.sessions.detach(node: node, channel: context.channel) {
            router.steps.nodeLost(node)
            let service = router.service
            Task { await service.post(.nodeDisconnected(node: node)) }
        }
        phase = .closing
        waiting.removeAll()
        context.fireChannelInactive()
    }

    /// Sends a last error frame, then closes.
    private func refuse(context: ChannelHandlerContext, _ reply: ErrorReply, requestID: UInt64) {
        if case .closing = phase { return }
        phase = .closing
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(Frame.error(reply, requestID: requestID))).whenComplete { _ in
            channel.close(promise: nil)
        }
        // A peer that does not read would keep that last write, and so the connection, pending for ever.
        context.eventLoop.scheduleTask(in: Self.lastFrameGrace) { channel.close(promise: nil) }
    }

    /// How long a closing connection's last frame may take to leave.
    static let lastFrameGrace = TimeAmount.seconds(2)

    /// The peer's IP address, the key of the per-address cap.
    private static func address(of context: ChannelHandlerContext) -> String {
        context.remoteAddress?.ipAddress ?? "unknown address"
    }
}

enum ScheddVersion {
    static let current = "aisched 0.1.0"
}
