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

    /// One job named by `selector` (`42`, or `42_3` for one task of array 42) with its history and outlook, live or
    /// from the database, as `aisubmit show` asks for it; 400 for what is not a job id, 404 for a job the caller may
    /// not see (another user's job looks like no job).
    func job(_ selector: String, as principal: Principal, on channel: any Channel) async throws -> JobInfo {
        guard JobSelector(selector) != nil else {
            throw WebError(.badRequest, "\"\(selector)\" is not a job id", hint: "give a number, or ARRAYID_TASK for one task of an array")
        }
        var query = QueryJobs()
        query.selectors = [selector]
        query.includeHistory = true
        query.includeFinished = true
        let list = try await ask(.queryJobs, query, as: principal, on: channel, expecting: JobList.self)
        guard let info = list.jobs.first else {
            throw WebError(.notFound, "no job \(selector) that this login may see",
                           hint: "a user sees their own jobs; ask an admin for others'")
        }
        return info
    }
}
