import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix

/// The web dashboard and JSON API (`--http-port`; docs/HTTP-API.md, docs/DASHBOARD.md): Hummingbird on schedd's
/// own event loops, read-only, every read an RPC request asked as the logged-in caller.
///
/// Plain HTTP, on `--listen`'s host like /metrics: loopback unless the admin says otherwise. A site that serves it
/// beyond the machine puts it behind its TLS-terminating proxy (docs/SECURITY.md).
struct WebServer {
    /// Connections open at once; beyond it schedd stops accepting until some close (each browser keeps one or two).
    static let maxConnections = 512
    /// A connection with no request for this long is closed: a live page asks every 15 s.
    static let idleTimeout = TimeAmount.seconds(60)

    let host: String
    let port: Int
    let router: RequestRouter
    let authenticator: Authenticator
    let sessions: WebSessions
    let logger: Logger

    /// Starts listening; returns once the port is bound, with the port it got (0 picks a free one) and the task that
    /// serves until it is cancelled.
    func start(group: MultiThreadedEventLoopGroup) async throws -> (port: Int, task: Task<Void, any Error>) {
        let routes = Router(context: WebContext.self)
        let caller = WebCaller(authenticator: authenticator, sessions: sessions)
        let bridge = RPCBridge(router: router)
        WebAssets.add(to: routes)
        LoginRoutes(authenticator: authenticator, sessions: sessions).add(to: routes)
        APIRoutes(bridge: bridge, caller: caller).add(to: routes)
        AccountAPIRoutes(bridge: bridge, caller: caller).add(to: routes)
        PageRoutes(bridge: bridge, caller: caller).add(to: routes)
        AccountPageRoutes(bridge: bridge, caller: caller).add(to: routes)
        let (bound, boundContinuation) = AsyncStream.makeStream(of: Result<Int, any Error>.self)
        let configuration = ApplicationConfiguration(
            address: .hostname(host, port: port), serverName: "aisched",
            availableConnectionsDelegate: .maximum(Self.maxConnections, logger: logger))
        let app = Application(router: routes, server: .http1(configuration: .init(idleTimeout: Self.idleTimeout)),
                              configuration: configuration,
                              onServerRunning: { channel in
                                  boundContinuation.yield(.success(channel.localAddress?.port ?? 0))
                                  boundContinuation.finish()
                              },
                              eventLoopGroupProvider: .shared(group), logger: logger)
        let task = Task {
            do {
                try await app.run()
            } catch {
                boundContinuation.yield(.failure(error))
                boundContinuation.finish()
                throw error
            }
        }
        for await result in bound {
            return (try result.get(), task)
        }
        task.cancel()
        throw WebServerError.stoppedBeforeListening
    }
}

enum WebServerError: Error, CustomStringConvertible {
    case stoppedBeforeListening

    var description: String { "the web server stopped before it was listening" }
}
