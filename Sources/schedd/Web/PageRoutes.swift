import AischedClient
import Foundation
import Hummingbird
import SchedulerCore
import SchedulerProtocol

/// The dashboard's pages, rendered on the server from the same RPC answers as the API: the centre (GPUs by model,
/// nodes by state), the queue (why each job waits and when it should start), the nodes, and one job (its history
/// and what it holds on each node). Without a login they send the browser to the login form.
struct PageRoutes: Sendable {
    let bridge: RPCBridge
    let caller: WebCaller

    /// A queue page lists at most this many jobs (the API pages through all of them).
    static let queueLimit: UInt32 = 500

    func add(to router: Router<WebContext>) {
        router.get("") { request, context in await page(request) { try await overview($0, context) } }
        router.get("queue") { request, context in await page(request) { try await queue($0, context) } }
        router.get("nodes") { request, context in await page(request) { try await nodes($0, context) } }
        router.get("jobs/:job") { request, context in await page(request) { try await job($0, context) } }
    }

    private func page(_ request: Request, _ body: (Principal) async throws -> String) async -> Response {
        await caller.page(request, body)
    }

    private func allNodes(_ principal: Principal, _ context: WebContext) async throws -> [NodeInfo] {
        var nodes: [NodeInfo] = []
        var query = ListNodes()
        while true {
            let page = try await bridge.ask(.listNodes, query, as: principal, on: context.channel, expecting: NodeList.self)
            nodes += page.nodes
            guard page.more, let last = page.nodes.last else { return nodes }
            query.afterName = last.name
        }
    }

    private func overview(_ principal: Principal, _ context: WebContext) async throws -> String {
        let nodes = try await allNodes(principal, context)
        let now = WallClock().now().milliseconds
        let dayAgo = now - 86_400_000
        let samples = try await bridge.queueSamples(from: dayAgo, to: now, as: principal, on: context.channel)
        let body = CentrePicture(nodes: nodes).html + QueueChart(samples: samples, from: dayAgo, to: now).html
        return HTML.page(title: "Centre", who: principal, live: true, body)
    }

    private func queue(_ principal: Principal, _ context: WebContext) async throws -> String {
        var query = QueryJobs()
        query.states = ["PENDING"]
        query.allUsers = principal.role == .admin
        query.summary = true
        query.limit = Self.queueLimit
        let list = try await bridge.ask(.queryJobs, query, as: principal, on: context.channel, expecting: JobList.self)
        let rows = list.jobs.map { job -> [String] in
            ["<a href=\"/jobs/\(job.id)\">\(job.id)</a>", HTML.escape(job.name), HTML.escape(job.user),
             HTML.escape(job.project), HTML.escape(job.reason), HTML.escape(WaitExplanation.sentence(job)),
             HTML.escape(JobJSON.time(job.estimatedStartMs) ?? "")]
        }
        let whose = principal.role == .admin ? "Every user's" : "Your"
        let more = list.more ? "<p>Only the first \(Self.queueLimit) are shown; /api/v1/jobs pages through all.</p>" : ""
        let body = "<h2>\(whose) pending jobs: <span id=\"pending-count\">\(list.jobs.count)\(list.more ? "+" : "")</span></h2>"
            + HTML.table(["Job", "Name", "User", "Project", "Reason", "Why it waits", "Expected start"], rows, id: "queue")
            + more
        return HTML.page(title: "Queue", who: principal, live: true, body)
    }

    private func nodes(_ principal: Principal, _ context: WebContext) async throws -> String {
        let rows = try await allNodes(principal, context).map { n -> [String] in
            [HTML.escape(n.name), HTML.escape(n.state + (n.notResponding ? "*" : "")), HTML.escape(n.gpuModel),
             "\(n.gpusTotal - n.gpusFree)/\(n.gpusTotal)", "\(n.cpusTotal - n.cpusFree)/\(n.cpusTotal)",
             "\((n.memoryMBTotal - n.memoryMBFree) / 1024)/\(n.memoryMBTotal / 1024)", HTML.escape(n.reason)]
        }
        let body = "<h2>Nodes</h2>" + HTML.table(["Node", "State", "GPU model", "GPUs in use", "CPUs in use",
                                                   "Memory in use (GiB)", "Reason"], rows, id: "nodes")
        return HTML.page(title: "Nodes", who: principal, live: true, body)
    }

    private func job(_ principal: Principal, _ context: WebContext) async throws -> String {
        let info = try await bridge.job(context.parameters.get("job") ?? "", as: principal, on: context.channel)
        return HTML.page(title: "Job \(info.id)", who: principal, live: info.state == "PENDING" || info.state == "RUNNING",
                         JobPage(info: info).html)
    }
}
