import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// The HTTP listener for Prometheus (`--metrics-port`, docs/METRICS.md): `GET /metrics` answers the scrape's text,
/// anything else a short error. NIO's HTTP/1 codec, on schedd's own event loops: no web framework for one route.
///
/// It has no authentication and no TLS: what it shows is counts by state, GPU model, project and funding scheme (no
/// job, user or command), and it listens on the RPC listener's host (loopback unless `--listen` says otherwise), so
/// a site that exposes it does so on purpose, behind its firewall.
struct MetricsServer {
    let host: String
    let port: Int
    let scrape: @Sendable () async throws -> String
    let logger: Logger

    func start(group: MultiThreadedEventLoopGroup) async throws -> any Channel {
        let scrape = self.scrape
        let logger = self.logger
        return try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 16)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(MetricsHTTPHandler(scrape: scrape, logger: logger))
                }
            }
            .bind(host: host, port: port).get()
    }
}

/// Answers one connection's requests in order (NIO's pipelining handler holds later ones back until each answer
/// is written).
final class MetricsHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Prometheus' text exposition format, as its scrapers ask for it.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private let scrape: @Sendable () async throws -> String
    private let logger: Logger
    private var head: HTTPRequestHead?

    init(scrape: @escaping @Sendable () async throws -> String, logger: Logger) {
        self.scrape = scrape
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body:
            break // a scrape has no body; whatever comes is ignored
        case .end:
            guard let head else { return }
            self.head = nil
            answer(head, context: context)
        }
    }

    private func answer(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = head.uri.prefix { $0 != "?" }
        guard path == "/metrics" else {
            return respond(.notFound, "schedd serves only /metrics here\n", to: head, context: context)
        }
        guard head.method == .GET || head.method == .HEAD else {
            return respond(.methodNotAllowed, "/metrics answers GET\n", to: head, context: context)
        }
        // The scrape waits for a query thread; the answer is written back on this channel's event loop.
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let scrape = self.scrape
        let logger = self.logger
        Task {
            let result: (HTTPResponseStatus, String)
            do {
                result = (.ok, try await scrape())
            } catch {
                logger.error("metrics scrape failed: \(error)")
                result = (.internalServerError, "schedd could not compute its metrics: \(error)\n")
            }
            bound.eventLoop.execute {
                let (handler, context) = bound.value
                handler.respond(result.0, result.1, to: head, context: context)
            }
        }
    }

    private func respond(_ status: HTTPResponseStatus, _ body: String, to request: HTTPRequestHead,
                         context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: status == .ok ? Self.contentType : "text/plain; charset=utf-8")
        headers.add(name: "Content-Length", value: String(body.utf8.count))
        if status == .methodNotAllowed { headers.add(name: "Allow", value: "GET, HEAD") }
        let keepAlive = request.isKeepAlive
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status,
                                                             headers: headers))), promise: nil)
        if request.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
        }
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        if !keepAlive {
            let channel = context.channel
            written.futureResult.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
