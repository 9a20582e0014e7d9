import Logging
import NIOCore
import NIOPosix
import SchedulerProtocol

/// The TCP listener: a frame decoder/encoder pair and a `ConnectionHandler` on every accepted connection, behind
/// TLS when it is configured.
struct RPCServer {
    let host: String
    let port: Int
    let authenticator: Authenticator
    let router: RequestRouter
    let logger: Logger
    let maximumPayloadBytes: Int
    var tls: ServerTLS?

    func start(group: MultiThreadedEventLoopGroup) async throws -> any Channel {
        let authenticator = self.authenticator
        let router = self.router
        let logger = self.logger
        let maximum = maximumPayloadBytes
        let tls = self.tls
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 512)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let limit = FrameLimit()
                    if let tls { try channel.pipeline.syncOperations.addHandlers(tls.handlers()) }
                    try channel.pipeline.syncOperations.addHandlers([
                        ByteToMessageHandler(FrameDecoder(maximumPayloadBytes: maximum, limit: limit)),
                        MessageToByteHandler(FrameEncoder(maximumPayloadBytes: maximum)),
                        ConnectionHandler(authenticator: authenticator, router: router, logger: logger,
                                          limit: limit, maximumPayloadBytes: maximum),
                    ])
                }
            }
        return try await bootstrap.bind(host: host, port: port).get()
    }
}
