import Glibc
import Logging
import NIOCore
import NIOPosix
import SchedulerProtocol
import Synchronization

/// The TCP listener: a frame decoder/encoder pair and a `ConnectionHandler` on every accepted connection, behind
/// TLS when it is configured.
struct RPCServer {
    let host: String
    let port: Int
    let authenticator: Authenticator
    let router: RequestRouter
    let registry: ConnectionRegistry
    let logger: Logger
    let maximumPayloadBytes: Int
    var tls: ServerTLS?

    /// How long the listener pauses after `accept` failed (out of descriptors: EMFILE, ENFILE), instead of trying
    /// again at once: the listening socket stays readable, and retrying in a loop took a core at 100 %.
    static let acceptBackoff = TimeAmount.milliseconds(500)

    func start(group: MultiThreadedEventLoopGroup) async throws -> any Channel {
        let authenticator = self.authenticator
        let router = self.router
        let registry = self.registry
        let logger = self.logger
        let maximum = maximumPayloadBytes
        let acceptFailures = AcceptFailureLog(logger: logger)
        let tls = self.tls
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 512)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(AcceptPause(failures: acceptFailures, registry: registry))
                }
            }
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            // So that a frame cut short by the end of the stream is answered with an error before the close
            // (ConnectionHandler closes on the end of the stream itself).
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let limit = FrameLimit()
                    if let tls { try channel.pipeline.syncOperations.addHandlers(tls.handlers()) }
                    try channel.pipeline.syncOperations.addHandlers([
                        ByteToMessageHandler(FrameDecoder(maximumPayloadBytes: maximum, limit: limit)),
                        MessageToByteHandler(FrameEncoder(maximumPayloadBytes: maximum)),
                        ConnectionHandler(authenticator: authenticator, router: router, registry: registry,
                                          logger: logger, limit: limit, maximumPayloadBytes: maximum),
                    ])
                }
            }
        return try await bootstrap.bind(host: host, port: port).get()
    }
}

/// Stops the listener from reading for `RPCServer.acceptBackoff` when `accept` fails.
///
/// NIO's own `AcceptBackoffHandler` only delays the next read request: the listening socket stays registered for
/// readability (the failed accept left NIO's read pending), so epoll woke the loop again at once and `accept` failed
/// some 7,000 times a second. Turning `autoRead` off unregisters the socket; turning it back on retries.
final class AcceptPause: ChannelInboundHandler {
    typealias InboundIn = any Channel
    typealias InboundOut = any Channel

    private let failures: AcceptFailureLog
    private let registry: ConnectionRegistry
    private var paused = false

    init(failures: AcceptFailureLog, registry: ConnectionRegistry) {
        self.failures = failures
        self.registry = registry
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let error = error as? IOError else {
            context.fireErrorCaught(error)
            return
        }
        // Out of descriptors or memory: pause. Anything else (a client that gave up before its accept: ECONNABORTED)
        // concerns that one connection only.
        guard [EMFILE, ENFILE, ENOBUFS, ENOMEM].contains(error.errnoCode) else { return }
        failures.failed(error, registry: registry)
        guard !paused, let options = context.channel.syncOptions else { return }
        paused = true
        try? options.setOption(ChannelOptions.autoRead, value: false)
        context.eventLoop.assumeIsolated().scheduleTask(in: RPCServer.acceptBackoff) {
            self.paused = false
            try? context.channel.syncOptions?.setOption(ChannelOptions.autoRead, value: true)
        }
    }
}

/// Says that schedd cannot accept connections, and why, at most once every 10 s.
final class AcceptFailureLog: Sendable {
    private let log = Mutex(RefusalLog())
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    func failed(_ error: IOError, registry: ConnectionRegistry) {
        let message = "cannot accept connections: \(error) (\(registry.count) open); retrying every "
            + "\(RPCServer.acceptBackoff.nanoseconds / 1_000_000) ms. Raise the descriptor limit (LimitNOFILE) or "
            + "lower maxConnections"
        if let line = log.withLock({ $0.note(key: "accept", message) }) { logger.error("\(line)") }
    }
}
