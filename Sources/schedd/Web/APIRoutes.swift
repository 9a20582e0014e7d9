import AischedClient
import Foundation
import Hummingbird
import SchedulerCore
import SchedulerProtocol

/// The JSON API under /api/v1 (docs/HTTP-API.md, docs/openapi.yaml): read-only, each route one RPC request asked as
/// the caller (`RPCBridge`), answered with the field names of `aisubmit … --json` (the same `JobJSON`, `NodeJSON`,
/// `UsageJSON`). Listings come a page at a time, as the RPC's do.
struct APIRoutes: Sendable {
    let bridge: RPCBridge
    let caller: WebCaller

    func add(to router: Router<WebContext>) {
        let api = router.group("api/v1")
        api.get("whoami") { request, _ in try await respond { try await whoami(request) } }
        api.get("jobs") { request, context in try await respond { try await jobs(request, context) } }
        api.get("jobs/:job") { request, context in try await respond { try await job(request, context) } }
        api.get("nodes") { request, context in try await respond { try await nodes(request, context) } }
        api.get("usage") { request, context in try await respond { try await usage(request, context) } }
    }

    private func whoami(_ request: Request) async throws -> some Encodable {
        let principal = try caller.principal(of: request)
        return WhoAmIJSON(name: principal.name, role: principal.role.rawValue, schemes: principal.schemes.sorted())
    }

    /// `GET /api/v1/jobs?state=PENDING&user=ada&all=true&finished=true&after=ID&limit=N`: as `aisubmit queue`.
    private func jobs(_ request: Request, _ context: WebContext) async throws -> some Encodable {
        let principal = try caller.principal(of: request)
        let query = try JobListingQuery(request.uri.queryParameters).query().get()
        let list = try await bridge.ask(.queryJobs, query, as: principal, on: context.channel, expecting: JobList.self)
        return JobPageJSON(jobs: list.jobs.map(JobJSON.init), more: list.more)
    }

    /// `GET /api/v1/jobs/42` (or `42_3`, one task of array 42): one job with its history and outlook, live or from
    /// the database, as `aisubmit show --json`.
    private func job(_ request: Request, _ context: WebContext) async throws -> some Encodable {
        let principal = try caller.principal(of: request)
        return JobJSON(info: try await bridge.job(context.parameters.get("job") ?? "", as: principal, on: context.channel))
    }

    /// `GET /api/v1/nodes?after=NAME`: as `aisubmit nodes --json`.
    private func nodes(_ request: Request, _ context: WebContext) async throws -> some Encodable {
        let principal = try caller.principal(of: request)
        var query = ListNodes()
        query.afterName = request.uri.queryParameters["after"].map(String.init) ?? ""
        let list = try await bridge.ask(.listNodes, query, as: principal, on: context.channel, expecting: NodeList.self)
        return NodePageJSON(nodes: list.nodes.map(NodeJSON.init), more: list.more)
    }

    /// `GET /api/v1/usage?project=P&user=U` or `?scheme=S`: projects against their budgets, as
    /// `aisubmit usage --json`; with a scheme, also the scheme's own budget (`schemes`).
    private func usage(_ request: Request, _ context: WebContext) async throws -> some Encodable {
        let principal = try caller.principal(of: request)
        var query = QueryUsage()
        query.project = request.uri.queryParameters["project"].map(String.init) ?? ""
        query.user = request.uri.queryParameters["user"].map(String.init) ?? ""
        query.scheme = request.uri.queryParameters["scheme"].map(String.init) ?? ""
        let report = try await bridge.ask(.queryUsage, query, as: principal, on: context.channel,
                                          expecting: UsageReport.self)
        return UsageReportJSON(report)
    }

    private func respond(_ body: () async throws -> some Encodable) async throws -> Response {
        try await WebResponse.api(body)
    }
}

struct WhoAmIJSON: Encodable {
    let name: String
    let role: String
    /// A viewer's funding schemes; empty for other roles.
    let schemes: [String]
}

struct JobPageJSON: Encodable {
    let jobs: [JobJSON]
    /// More jobs match: ask again with `after` = the last id of this page.
    let more: Bool
}

struct NodePageJSON: Encodable {
    let nodes: [NodeJSON]
    let more: Bool
}
