import Hummingbird
import NIOCore

/// What a web request's handlers know besides the request: Hummingbird's per-request storage and the HTTP connection
/// it came on. Queries run on the same `QueryPool` as RPC queries, queued fairly per subject and connection.
struct WebContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
