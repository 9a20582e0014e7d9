import Hummingbird
import NIOCore
import SchedulerCore
import SchedulerProtocol

/// The web's way into schedd: every read is the RPC request a client would send, answered by the same
/// `RequestRouter` (its role checks, the core's visibility rules, the committed state, the query pool). The web
/// adds no rule of its own about who may see what.
struct RPCBridge: Sendable {
    let router: RequestRouter

    /// Asks `rpc` with `request` as `principal`; the typed reply, or the router's refusal as a `WebError`.
    func ask<Request: WireMessage, Reply: WireMessage>(_ rpc: RPC, _ request: Request, as principal: Principal,
                                                       on channel: any Channel, expecting: Reply.Type) async throws -> Reply {
        let frame = Frame(kind: rpc.descriptor.kind, requestID: 1, message: request)
        let reply = await router.handle(frame, from: principal, channel: channel)
        if reply.kind == .error {
            throw WebError(try reply.decode(ErrorReply.self))
        }
        guard reply.kind == rpc.descriptor.reply else {
            throw WebError(.internalServerError, "schedd answered \(rpc) with \(reply.kind)")
        }
        return try reply.decode(Reply.self)
    }
}
