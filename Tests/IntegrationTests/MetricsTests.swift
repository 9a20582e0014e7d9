import AischedClient
import Foundation
import SchedulerProtocol
import Testing

/// schedd's /metrics over real HTTP, with a real agent running real jobs: the gauges say what squeue and sinfo say,
/// and the histograms count what happened.
@Suite(.serialized) struct MetricsTests {
    static let h100 = "NVIDIA H100 80GB HBM3"

    @Test func metricsShowJobsNodesGPUsBudgetsAndTimings() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd(extra: ["--metrics-port", "0", "--accounting-seconds", "1"])
        let (host, port) = try Self.metricsAddress(centre)
        try centre.startAgent("dgx-01", topology: AccountingTests.topology)
        try await Self.fund(centre, project: "vision", gpuHours: 1_000)
        let token = try centre.token(centre.user)

        // A job that runs, one that completes, one held.
        let running = try Self.submit(centre, token, ["--gpus-per-node", "2", "--cpus-per-task", "4", "--", "sleep", "60"])
        defer { _ = try? centre.aisubmit(["cancel", String(running)], token: token) }
        let completed = try Self.submit(centre, token, ["--", "true"])
        _ = try Self.submit(centre, token, ["--hold", "--", "true"])
        #expect(try await eventually(30) {
            try Self.state(centre, token, running) == "RUNNING" && Self.state(centre, token, completed) == "COMPLETED"
        }, "the jobs did not run")

        // Charges come every second: wait for the first one to show.
        let project = "project=\"vision\",scheme=\"aisp\""
        var metrics: [String: Double] = [:]
        #expect(try await eventually(30) {
            metrics = try Self.scrape(host: host, port: port)
            return (metrics["aisched_project_gpu_hours_used{\(project)}"] ?? 0) > 0
        }, "no GPU-hours charged to the project: \(metrics.filter { $0.key.contains("gpu_hours") })")
        #expect(metrics["aisched_jobs_pending"] == 1)
        #expect(metrics["aisched_jobs_running"] == 1)
        #expect(metrics["aisched_jobs_completed"] == 1)
        #expect(metrics["aisched_jobs_failed"] == 0)
        #expect(metrics["aisched_jobs_pending_reason{reason=\"Held\"}"] == 1)
        #expect(metrics["aisched_nodes_mix"] == 1)
        #expect(metrics["aisched_nodes_total"] == 1)
        #expect(metrics["aisched_agents_connected"] == 1)
        #expect(metrics["aisched_gpus_alloc{model=\"\(Self.h100)\"}"] == 2)
        #expect(metrics["aisched_gpus_idle{model=\"\(Self.h100)\"}"] == 6)
        #expect(metrics["aisched_gpus_total{model=\"\(Self.h100)\"}"] == 8)
        #expect(metrics["aisched_cpus_alloc{model=\"\(Self.h100)\"}"] == 4, "the running job's CPUs")
        #expect(metrics["aisched_project_gpu_hours_allocated{\(project)}"] == 1_000)
        let used = metrics["aisched_project_gpu_hours_used{\(project)}"] ?? 0
        #expect(metrics["aisched_project_gpu_hours_remaining{\(project)}"].map { abs($0 - (1_000 - used)) < 1e-9 } == true)
        // Three submits over the RPC, each timed; the agent's requests too.
        #expect(metrics["aisched_rpc_duration_seconds_count{kind=\"submitJob\"}"] == 3)
        #expect(metrics["aisched_rpc_duration_seconds_bucket{kind=\"submitJob\",le=\"+Inf\"}"] == 3)
        #expect(metrics["aisched_rpc_duration_seconds_count{kind=\"registerNode\"}"] == 1)
        #expect((metrics["aisched_rpc_duration_seconds_count{kind=\"jobStarted\"}"] ?? 0) >= 2,
                "\(metrics.filter { $0.key.hasPrefix("aisched_rpc_duration_seconds_count") })")
        #expect((metrics["aisched_scheduler_cycle_duration_seconds_count{kind=\"full\"}"] ?? 0) >= 1)
        #expect((metrics["aisched_commit_duration_seconds_count"] ?? 0) >= 3)
        // (Not equal to the commits' count for sure: a scrape may fall between the two records of one commit.)
        #expect((metrics["aisched_commit_batch_events_count"] ?? 0) >= 3)
        #expect((metrics["aisched_commit_batch_events_sum"] ?? 0) >= metrics["aisched_commit_batch_events_count"] ?? 0,
                "every commit carries at least one event")

        // Anything but GET /metrics is refused.
        let other = try Self.get("/jobs", host: host, port: port)
        #expect(other.hasPrefix("HTTP/1.1 404"), "\(other)")
    }

    /// The metrics listener's address, as schedd wrote it (port 0 picked a free one).
    static func metricsAddress(_ centre: TestCentre) throws -> (String, Int) {
        let metrics = try WebClient.address(stateDir: centre.stateDir, file: "metrics.addr")
        return (metrics.host, metrics.port)
    }

    /// Scheme aisp, project `project` with `gpuHours` for today, the test's user a member.
    static func fund(_ centre: TestCentre, project name: String, gpuHours: Int64) async throws {
        let admin = try await centre.connect(as: "ops", role: "admin")
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var scheme = SchemeInfo()
        scheme.name = "aisp"
        scheme.shares = 1
        var project = ProjectInfo()
        project.name = name
        project.scheme = "aisp"
        project.shares = 1
        project.members = [centre.user]
        project.budgets = [BudgetPeriodInfo(startMs: now - 3_600_000, endMs: now + 86_400_000,
                                            milliGPUHours: UInt64(gpuHours * 1_000))]
        for (action, fill) in [("create-scheme", { (r: inout AccountChangeRequest) in r.scheme = scheme }),
                               ("create-project", { (r: inout AccountChangeRequest) in r.project = project })] {
            var request = AccountChangeRequest()
            request.action = action
            fill(&request)
            _ = try await admin.request(.accountChange, request, expecting: .accountChangeReply, as: AuditList.self)
        }
    }

    static func submit(_ centre: TestCentre, _ token: String, _ args: [String]) throws -> Int {
        let result = try centre.aisubmit(["submit", "--json", "-A", "vision"] + args, token: token)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSON.object(result.stdout)["id"] as? Int)
    }

    static func state(_ centre: TestCentre, _ token: String, _ job: Int) throws -> String? {
        try JSON.object(centre.aisubmit(["show", "--json", String(job)], token: token).stdout)["state"] as? String
    }

    /// One scrape, as `name{labels}` → value (comments left out).
    static func scrape(host: String, port: Int) throws -> [String: Double] {
        let response = try get("/metrics", host: host, port: port)
        guard response.hasPrefix("HTTP/1.1 200"), let split = response.range(of: "\r\n\r\n") else {
            throw TestFailure("the scrape was not answered with 200: \(response.prefix(300))")
        }
        #expect(response[..<split.lowerBound].contains("Content-Type: text/plain; version=0.0.4"))
        var values: [String: Double] = [:]
        for line in response[split.upperBound...].split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                throw TestFailure("not a sample line: \(line)")
            }
            values[String(line[..<space])] = value
        }
        return values
    }

    /// A plain HTTP/1.1 GET on a socket (no HTTP client in the tests' dependencies): the whole response as text.
    static func get(_ path: String, host: String, port: Int) throws -> String {
        let request = "GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n"
        return String(decoding: try RawSocket.exchange(host: host, port: port, bytes: Array(request.utf8)),
                      as: UTF8.self)
    }
}
