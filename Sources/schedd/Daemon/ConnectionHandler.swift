import Logging
import NIOCore
import SchedulerCore
import SchedulerProtocol

/// One client or agent connection: the handshake, then requests handed to the `RequestRouter`.
///
/// A connection that sends bytes that are not frames, a frame of another protocol version, or an oversized
/// frame gets one `error` frame and is closed; nothing reaches the scheduler, and other connections carry on.
final class ConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = Frame
    typealias OutboundOut = Frame

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
    /// The node this connection speaks for, so its session is detached however the connection ends.
    private var node: String?
    private var handshakeTimer: Scheduled<Void>?
    private let authenticator: Authenticator
    private let router: RequestRouter
    private let logger: Logger
    /// The decoder's limit: small until the peer has authenticated, then `maximumPayloadBytes`.
    private let limit: FrameLimit
    private let maximumPayloadBytes: Int

    init(authenticator: Authenticator, router: RequestRouter, logger: Logger, limit: FrameLimit = FrameLimit(),
         maximumPayloadBytes: Int = FrameDecoder.defaultMaximumPayloadBytes) {
        self.authenticator = authenticator
        self.router = router
        self.logger = logger
        self.limit = limit
        self.maximumPayloadBytes = maximumPayloadBytes
    }

    func channelActive(context: ChannelHandlerContext) {
        let channel = context.channel
        handshakeTimer = context.eventLoop.scheduleTask(in: Self.handshakeTimeout) {
            channel.close(promise: nil)
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
            let channel = context.channel
            let router = self.router
            Task {
                let reply = await router.handle(frame, from: principal, channel: channel)
                channel.writeAndFlush(reply, promise: nil)
            }
        }
    }

    private func handshake(context: ChannelHandlerContext, frame: Frame) {
        guard frame.kind == .hello else {
            refuse(context: context, ErrorReply(code: .unexpectedMessage,
                                                message: "the first frame must be hello, not \(frame.kind)"),
                   requestID: frame.requestID)
            return
        }
        do {
            let hello = try frame.decode(Hello.self)
            let principal = try authenticator.authenticate(hello.token)
            handshakeTimer?.cancel()
            phase = .ready(principal)
            limit.bytes = maximumPayloadBytes
            if principal.role == .node { node = principal.name }
            let welcome = Welcome(user: principal.name, role: principal.role.rawValue, serverVersion: ScheddVersion.current)
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

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let reply = (error as? FrameError)?.errorReply
            ?? ErrorReply(code: .badFrame, message: "connection error: \(error)")
        logger.info("closing connection from \(context.remoteAddress.map { "\($0)" } ?? "?"): \(reply.message)")
        refuse(context: context, reply, requestID: 0)
    }

    /// The peer will send nothing more. The decoder has already answered a frame it left unfinished (that is why
    /// half-closure is allowed); nothing else can come, so the connection ends here.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event as? ChannelEvent == .some(.inputClosed) {
            if case .closing = phase {} else { context.close(promise: nil) }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        handshakeTimer?.cancel()
        router.steps.connectionClosed(context.channel)
        if let node, router.sessions.detach(node: node, channel: context.channel) {
            router.steps.nodeLost(node)
            let service = router.service
            Task { await service.post(.nodeDisconnected(node: node)) }
        }
        phase = .closing
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
    }
}

enum ScheddVersion {
    static let current = "aisched 0.1.0"
}
