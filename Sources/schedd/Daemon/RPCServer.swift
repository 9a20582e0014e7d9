import Logging
import NIOCore
import NIOPosix
import SchedulerProtocol

/// The TCP listener: a frame decoder/encoder pair and a `ConnectionHandler` on every accepted connection.
struct RPCServer {
    let host: String
    let port: Int
    let authenticator: Authenticator
    let router: RequestRouter
    let logger: Logger
    let maximumPayloadBytes: Int

    func start(group: MultiThreadedEventLoopGroup) async throws -> any Channel {
        let authenticator = self.authenticator
        let router = self.router
        let logger = self.logger
        let maximum = maximumPayloadBytes
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 512)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            // So that a frame cut short by the end of the stream is answered with an error before the close
            // (ConnectionHandler closes on the end of the stream itself).
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let limit = FrameLimit()
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
