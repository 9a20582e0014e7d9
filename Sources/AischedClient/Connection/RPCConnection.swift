import NIOCore
import NIOPosix
import SchedulerProtocol
import Synchronization

/// One authenticated connection to schedd. Requests may be issued concurrently: each gets its own request
/// id and the answers are matched by id, in whatever order they come.
///
/// Server pushes (request ids with the high bit set: launches, kills, log fetches for agents) go to `onPush`.
///
/// Each request, and the hello, must be answered within `requestTimeout` (`RequestTimeout`; nil = no limit), except
/// those answered only when something long ends (`runStep`), else it fails with `ClientError.timedOut`.
public final class RPCConnection: Sendable {
    public let welcome: Welcome
    let channel: any Channel
    private let inbox: ResponseInbox
    private let deadline: Deadline

    /// What a timed-out request reports.
    struct Deadline: Sendable {
        var host: String
        var port: Int
        var timeout: Duration?
    }

    private init(channel: any Channel, inbox: ResponseInbox, welcome: Welcome, deadline: Deadline) {
        self.channel = channel
        self.inbox = inbox
        self.welcome = welcome
        self.deadline = deadline
    }

    /// Connects and says hello. Throws `ClientError.server` with code `unauthenticated` for a bad token. With `tls`,
    /// the connection is TLS and schedd's certificate is verified first (`ClientError.tls` says what failed).
    public static func connect(host: String, port: Int, token: String, clientName: String,
                               group: any EventLoopGroup = ClientEventLoop.group,
                               requestTimeout: Duration? = RequestTimeout.duration(RequestTimeout.defaultSeconds),
                               tls: ClientTLS? = nil,
                               onPush: (@Sendable (Frame) -> Void)? = nil) async throws -> RPCConnection {
        let deadline = Deadline(host: host, port: port, timeout: requestTimeout)
        var explain: (@Sendable (any Error) -> ClientError?)?
        if let tls { explain = { error in tls.explain(error, host: host, port: port) } }
        let inbox = ResponseInbox(onPush: onPush, explain: explain)
        let hello = Frame(kind: .hello, requestID: inbox.nextID(), message: Hello(token: token, clientName: clientName))
        let channel: any Channel
        let helloReply: EventLoopFuture<Frame>
        do {
            // The hello is sent from the event loop the moment the connection opens, not when this task next
            // runs: on a busy machine the task may resume seconds later, past schedd's handshake deadline.
            let bootstrap = ClientBootstrap(group: group)
                .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .connectTimeout(.seconds(10))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls { try channel.pipeline.syncOperations.addHandler(try tls.handler(host: host)) }
                        try channel.pipeline.syncOperations.addHandlers([
                            ByteToMessageHandler(FrameDecoder()),
                            MessageToByteHandler(FrameEncoder()),
                            ResponseHandler(inbox: inbox),
                        ])
                    }
                }
            // An address given as an IP literal (the usual case: AISCHED_SERVER=10.0.0.5:7400) is connected to directly;
            // a name goes through resolution and Happy Eyeballs, which cost a client ~1 ms of CPU and a thread hop.
            let connecting = (try? SocketAddress(ipAddress: host, port: port)).map { bootstrap.connect(to: $0) }
                ?? bootstrap.connect(host: host, port: port)
            (channel, helloReply) = try await connecting
                .map { channel in (channel, inbox.send(hello, on: channel, deadline: deadline)) }
                .get()
        } catch {
            throw ClientError.cannotConnect(host: host, port: port, reason: "\(error)")
        }
        let reply: Frame
        do {
            reply = try await ResponseInbox.unwrap(helloReply)
        } catch {
            // Not answered (or refused): the connection is of no use; don't leave it open.
            channel.close(promise: nil)
            throw error
        }
        guard reply.kind == RPC.hello.descriptor.reply else { throw ClientError.unexpectedReply(reply.kind) }
        let welcome = try Self.decode(Welcome.self, reply)
        return RPCConnection(channel: channel, inbox: inbox, welcome: welcome, deadline: deadline)
    }

    /// Sends a request and waits for its answer, of the kind the protocol's RPC table gives the request (within the
    /// request timeout, unless `RequestTimeout` exempts it).
    public func request<Reply: WireMessage>(_ kind: MessageKind, _ message: some WireMessage,
                                             as: Reply.Type) async throws -> Reply {
        guard let replyKind = RPC.reply(to: kind) else { throw ClientError.noReply(kind) }
        return try await requestOnLoop(kind, message, expecting: replyKind, as: Reply.self).get()
    }

    /// `request(_:_:as:)` with the reply kind named by the caller; the RPC table's must agree where it names one
    /// (the `expecting` is kept for the call sites that name it).
    public func request<Reply: WireMessage>(_ kind: MessageKind, _ message: some WireMessage,
                                             expecting replyKind: MessageKind, as: Reply.Type) async throws -> Reply {
        try await requestOnLoop(kind, message, expecting: replyKind, as: Reply.self).get()
    }

    /// `request` as a future completed on the connection's event loop, for code that lives on that loop and uses
    /// its timers instead of a task per peer (`nodeagent simulate` drives thousands of virtual agents from one loop).
    /// An `error` answer fails it with `ClientError.server`; a `replyKind` other than the one the RPC table gives
    /// `kind` fails it with `ClientError.noReply` before anything is sent.
    public func requestOnLoop<Reply: WireMessage>(_ kind: MessageKind, _ message: some WireMessage,
                                                   expecting replyKind: MessageKind,
                                                   as: Reply.Type) -> EventLoopFuture<Reply> {
        // Only where the table names a reply: a kind it gives none (relayed kinds, pushes, numbers that are no
        // request) may still be sent with the caller's expectation, to see schedd refuse it (AuthorizationTests
        // sends a user token's `stepOutput` and expects `permissionDenied`).
        if let tableReply = RPC.reply(to: kind), tableReply != replyKind {
            return channel.eventLoop.makeFailedFuture(ClientError.noReply(kind))
        }
        let frame = Frame(kind: kind, requestID: inbox.nextID(), message: message)
        var deadline = self.deadline
        if !RequestTimeout.applies(to: kind) { deadline.timeout = nil }
        return inbox.send(frame, on: channel, deadline: deadline).flatMapThrowing { reply in
            let reply = try ResponseInbox.checked(reply)
            guard reply.kind == replyKind else { throw ClientError.unexpectedReply(reply.kind) }
            return try Self.decode(Reply.self, reply)
        }
    }

    /// The event loop this connection's answers, pushes and closing are handled on.
    public var eventLoop: any EventLoop { channel.eventLoop }

    /// Where server pushes go from now on (a step's output for `srun`, launches for agents).
    public func setPushHandler(_ handler: @escaping @Sendable (Frame) -> Void) {
        inbox.onPush.withLock { $0 = handler }
    }

    /// Sends a request whose answer nobody waits for (an agent relaying a step's output): the answer is dropped.
    /// Frames posted from one thread go out in the order they were posted.
    public func post(_ kind: MessageKind, _ message: some WireMessage) {
        channel.writeAndFlush(Frame(kind: kind, requestID: inbox.nextID(), message: message), promise: nil)
    }

    /// Sends a frame without waiting for an answer (an agent's reply to a push).
    public func send(_ frame: Frame) {
        channel.writeAndFlush(frame, promise: nil)
    }

    public func close() async {
        try? await channel.close()
    }

    /// Completes when the connection is closed by either side.
    public var closeFuture: EventLoopFuture<Void> { channel.closeFuture }

    static func decode<M: WireMessage>(_ type: M.Type, _ frame: Frame) throws -> M {
        do {
            return try frame.decode(type)
        } catch {
            throw ClientError.malformedReply("\(error)")
        }
    }
}

/// Pending requests by id, shared by the connection and its channel handler. Promises (not continuations) so
/// that answers are matched on the event loop even while the waiting task has not resumed yet.
final class ResponseInbox: Sendable {
    private struct State {
        var next: UInt64 = 1
        var pending: [UInt64: EventLoopPromise<Frame>] = [:]
        /// Why the connection ended, once it has: the server's last error frame if it sent one (it may come before
        /// a request is even registered: a connection refused as soon as it is accepted), else `connectionClosed`.
        var closed: ClientError?
    }

    private let state = Mutex(State())
    let onPush: Mutex<(@Sendable (Frame) -> Void)?>
    /// Turns a TLS failure into words (nil for a plaintext connection, or an error that is not about TLS).
    let explain: (@Sendable (any Error) -> ClientError?)?

    init(onPush: (@Sendable (Frame) -> Void)?, explain: (@Sendable (any Error) -> ClientError?)? = nil) {
        self.onPush = Mutex(onPush)
        self.explain = explain
    }

    func nextID() -> UInt64 {
        state.withLock { state in
            defer { state.next += 1 }
            return state.next & ~Frame.serverPushBit
        }
    }

    /// Registers the request, then writes it; the future completes with the answer frame, or fails with
    /// `ClientError.timedOut` when none came within the deadline's timeout.
    func send(_ frame: Frame, on channel: any Channel, deadline: RPCConnection.Deadline) -> EventLoopFuture<Frame> {
        let promise = channel.eventLoop.makePromise(of: Frame.self)
        let closed = state.withLock { state -> ClientError? in
            if let closed = state.closed { return closed }
            state.pending[frame.requestID] = promise
            return nil
        }
        if let closed {
            promise.fail(closed)
            return promise.futureResult
        }
        if let timeout = deadline.timeout {
            let id = frame.requestID
            let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
            let timer = channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) {
                self.fail(id, .timedOut(host: deadline.host, port: deadline.port, seconds: seconds))
            }
            promise.futureResult.whenComplete { _ in timer.cancel() }
        }
        channel.writeAndFlush(frame, promise: nil)
        return promise.futureResult
    }

    /// Fails one request (it was not answered in time); a late answer is then dropped.
    func fail(_ id: UInt64, _ error: ClientError) {
        state.withLock { $0.pending.removeValue(forKey: id) }?.fail(error)
    }

    /// Waits for an answer; an `error` frame becomes `ClientError.server`.
    static func unwrap(_ future: EventLoopFuture<Frame>) async throws -> Frame {
        try checked(try await future.get())
    }

    /// The answer itself, or `ClientError.server` for an `error` frame.
    static func checked(_ reply: Frame) throws -> Frame {
        if reply.kind == .error {
            throw ClientError.server(try RPCConnection.decode(ErrorReply.self, reply))
        }
        return reply
    }

    func receive(_ frame: Frame) {
        if frame.isServerPush {
            onPush.withLock { $0 }?(frame)
            return
        }
        if frame.requestID == 0, frame.kind == .error {
            // A connection-level error (bad frame, version): it is about to close; fail everything with it.
            let reply = (try? frame.decode(ErrorReply.self)).map(ClientError.server) ?? .connectionClosed
            failAll(reply)
            return
        }
        state.withLock { $0.pending.removeValue(forKey: frame.requestID) }?.succeed(frame)
    }

    func failAll(_ error: ClientError) {
        let (pending, reason) = state.withLock { state in
            if state.closed == nil { state.closed = error }
            defer { state.pending = [:] }
            return (state.pending, state.closed ?? error)
        }
        for promise in pending.values { promise.fail(reason) }
    }
}

/// Routes decoded frames to the inbox; fails every waiting request when the connection ends.
final class ResponseHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = Frame
    let inbox: ResponseInbox

    init(inbox: ResponseInbox) {
        self.inbox = inbox
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        inbox.receive(unwrapInboundIn(data))
    }

    func channelInactive(context: ChannelHandlerContext) {
        inbox.failAll(.connectionClosed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        inbox.failAll(inbox.explain?(error) ?? .malformedReply("\(error)"))
        context.close(promise: nil)
    }
}
