import Foundation
import Testing

/// Funders, auditors and admins over real HTTP and in a real browser, on a centre whose accounts an admin set up
/// with `aisubmit admin` and whose jobs ran on real agents: a viewer token sees the aggregates of its schemes and
/// nothing of anyone's jobs, the numbers on the pages are `aisubmit --json`'s, and the funder report downloads as CSV.
@Suite(.serialized) struct FundersViewTests {
    struct Funded {
        let centre: TestCentre
        let web: WebClient
        let admin, user, bob, funder: String
    }

    /// Schemes aisp (1 GPU-hour over a week around today; projects vision, with half of that, and speech) and innohk
    /// (project robotics, bob's); the user runs 8 GPUs on each of vision and speech for a few seconds, then stops.
    static func fundedCentre() async throws -> Funded {
        let centre = try TestCentre()
        try centre.startSchedd(extra: ["--http-port", "0", "--accounting-seconds", "1", "--queue-sample-seconds", "1"])
        try centre.startAgent("dgx-01", topology: AccountingTests.topology)
        try centre.startAgent("dgx-02", topology: AccountingTests.topology)
        let admin = try centre.token("ops", role: "admin")
        let (start, end) = (Self.day(-3), Self.day(4))
        for command in [["scheme", "create", "aisp", "--shares", "3", "--budget", "\(start):\(end):1"],
                        ["scheme", "create", "innohk", "--shares", "1"],
                        ["project", "create", "vision", "--scheme", "aisp", "--shares", "2", "--member", centre.user,
                         "--budget", "\(start):\(end):0.5"],
                        ["project", "create", "speech", "--scheme", "aisp", "--shares", "1", "--member", centre.user,
                         "--member", "bob"],
                        ["project", "create", "robotics", "--scheme", "innohk", "--shares", "1", "--member", "bob"]] {
            let result = try centre.aisubmit(["admin"] + command, token: admin)
            guard result.status == 0 else { throw TestFailure("admin \(command): \(result.stderr)") }
        }
        let user = try centre.token(centre.user)
        let gpus = ["--gpus-per-node", "8", "--cpus-per-task", "16"]
        let jobs = try ["vision", "speech"].map { project in
            try WebAPITests.submit(centre, user, ["-A", project, "--job-name", "train-\(project)"] + gpus + ["--", "sleep", "300"])
        }
        // A third waits for the first two: the queue's samples see it wait.
        let waiting = try WebAPITests.submit(centre, user, ["-A", "vision", "--job-name", "eval"] + gpus + ["--", "true"])
        #expect(try await eventually(30) { try jobs.allSatisfy { try MetricsTests.state(centre, user, $0) == "RUNNING" } })
        try await Task.sleep(for: .seconds(6)) // charged each second
        _ = try centre.aisubmit(["cancel", String(waiting)] + jobs.map(String.init), token: user)
        #expect(try await eventually(30) { try jobs.allSatisfy { try MetricsTests.state(centre, user, $0) == "CANCELLED" } })
        return Funded(centre: centre, web: try WebClient.address(stateDir: centre.stateDir), admin: admin, user: user,
                      bob: try centre.token("bob"), funder: try centre.token("itf-auditor", role: "viewer", schemes: ["aisp"]))
    }

    /// YYYY-MM-DD, `offset` days from today (UTC).
    static func day(_ offset: Int) -> String {
        Date(timeIntervalSinceNow: Double(offset) * 86_400).formatted(.iso8601.year().month().day())
    }

    static func get(_ f: Funded, _ path: String, as token: String) throws -> WebClient.Response {
        try f.web.request(path, headers: ["Authorization": "Bearer \(token)"])
    }

    static func object(_ response: WebClient.Response) throws -> [String: Any] {
        try #require(try response.json() as? [String: Any], "\(response.status): \(response.body)")
    }

    @Test func aViewerSeesItsSchemesTotalsAndNobodysJobs() async throws {
        let f = try await Self.fundedCentre()
        defer { f.centre.shutdown() }
        let who = try Self.object(try Self.get(f, "/api/v1/whoami", as: f.funder))
        #expect(who["role"] as? String == "viewer" && who["schemes"] as? [String] == ["aisp"])

        // The scheme's usage: every project of it, and the scheme's own budget.
        let usage = try Self.object(try Self.get(f, "/api/v1/usage?scheme=aisp", as: f.funder))
        let projects = try #require(usage["projects"] as? [[String: Any]])
        #expect(projects.compactMap { $0["project"] as? String } == ["speech", "vision"])
        let scheme = try #require((usage["schemes"] as? [[String: Any]])?.first)
        #expect(scheme["budgetGPUHours"] as? Double == 1)
        // Both projects' jobs count against the scheme's budget; only vision has one of its own.
        let used = scheme["usedGPUHours"] as? Double ?? 0
        #expect(used > 0, "the jobs were charged to the scheme's budget")
        #expect(projects.first { $0["project"] as? String == "speech" }?["usedGPUHours"] is NSNull)

        // Nothing else: other schemes, users' usage, jobs, a job, the audit log.
        for path in ["/api/v1/usage?scheme=innohk", "/api/v1/usage", "/api/v1/jobs", "/api/v1/jobs/1", "/api/v1/audit",
                     "/api/v1/fairshare?scheme=innohk", "/api/v1/reports/funding?scheme=innohk"] {
            let refused = try Self.get(f, path, as: f.funder)
            #expect(refused.status == 403, "\(path): \(refused.status) \(refused.body)")
        }
        let mine = try Self.object(try Self.get(f, "/api/v1/fairshare", as: f.funder))
        let paths = (mine["levels"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? [String] }
        #expect(!paths.isEmpty && paths.allSatisfy { $0.first == "aisp" }, "\(paths)")
        #expect(paths.contains([ "aisp", "speech", "bob"]), "a viewer sees its schemes' users' places in the tree")

        // A user sees the scheme through their own projects, and only their own leaves of the tree.
        let bobs = try Self.object(try Self.get(f, "/api/v1/usage?scheme=aisp", as: f.bob))
        #expect((bobs["projects"] as? [[String: Any]])?.compactMap { $0["project"] as? String } == ["speech"])
        let tree = try Self.object(try Self.get(f, "/api/v1/fairshare", as: f.bob))
        let leaves = (tree["levels"] as? [[String: Any]] ?? []).filter { $0["level"] as? String == "user" }
        #expect(leaves.allSatisfy { ($0["path"] as? [String])?.last == "bob" } && leaves.count == 2)
        #expect(try Self.get(f, "/api/v1/reports/funding?scheme=aisp", as: f.bob).status == 403)
        #expect(try Self.get(f, "/api/v1/audit", as: f.user).status == 403)
        let audit = try Self.object(try Self.get(f, "/api/v1/audit?subject=project%20vision", as: f.admin))
        #expect((audit["entries"] as? [[String: Any]])?.first?["action"] as? String == "create-project")

        // The funder report: the CLI's rows, and a CSV download; the series adds up to what was used.
        let (from, to) = (Self.day(-3), Self.day(0))
        let report = try Self.object(try Self.get(f, "/api/v1/reports/funding?scheme=aisp&from=\(from)&to=\(to)", as: f.funder))
        let cli = try JSON.array(f.centre.aisubmit(["admin", "report", "--scheme", "aisp", "--from", from, "--to", to, "--json"],
                                                   token: f.funder).stdout)
        #expect((report["rows"] as? [[String: Any]])?.count == cli.count && cli.count == 2)
        let csv = try Self.get(f, "/api/v1/reports/funding?scheme=aisp&from=\(from)&to=\(to)&format=csv", as: f.funder)
        #expect(csv.status == 200 && csv.headers["content-type"] == "text/csv; charset=utf-8")
        #expect(csv.headers["content-disposition"]?.hasPrefix("attachment; filename=\"aisched-aisp-") == true)
        #expect(csv.body.hasPrefix("scheme,project,user,period_start,period_end,gpu_hours,jobs\n"))
        let series = try Self.object(try Self.get(f, "/api/v1/usage/series?scheme=aisp&from=\(from)&to=\(to)&step=hour", as: f.funder))
        let stepped = (series["projects"] as? [[String: Any]] ?? []).flatMap { $0["gpuHours"] as? [Double] ?? [] }.reduce(0, +)
        #expect(abs(stepped - used) < 0.002, "series \(stepped) GPU-h, the scheme's budget used \(used) GPU-h")
        let bad = try Self.get(f, "/api/v1/usage/series?scheme=aisp&from=soon&step=fortnight", as: f.funder)
        #expect(bad.status == 400 && bad.body.contains("from=soon") && bad.body.contains("step=fortnight"))
        let queue = try Self.object(try Self.get(f, "/api/v1/queue/series", as: f.funder))
        #expect((queue["samples"] as? [[String: Any]])?.contains {
            ($0["running"] as? Int ?? 0) == 2 && ($0["pending"] as? Int ?? 0) == 1 && ($0["gpusWanted"] as? Int ?? 0) == 8
        } == true, "the samples saw two jobs running and one waiting for 8 GPUs")
    }

    @Test(.enabled(if: WebDriver.available, "needs Debian's chromium and chromium-driver (scripts/install-deps.sh --browser)"))
    func aFunderBrowsesItsSchemeAndPrintsItsReport() async throws {
        let f = try await Self.fundedCentre()
        defer { f.centre.shutdown() }
        let browser = try WebDriver(log: f.centre.root + "/chromedriver.log")
        defer { browser.quit() }
        let base = "http://\(f.web.host):\(f.web.port)"
        try browser.go(base + "/login")
        try browser.type(f.funder, into: "#token")
        try browser.click("form.login button")
        #expect(try await eventually(60) { try browser.url == base + "/" }, "the login did not lead to the centre")

        // The centre: no queue link for a viewer, the queue's totals over time.
        let links = try browser.run("return [...document.querySelectorAll('nav a')].map(a => a.textContent).join(',')") as? String
        #expect(links == "Centre,Nodes,Schemes,Fair share,Reports")
        #expect(try await eventually(30) {
            try browser.go(base + "/")
            return try browser.run("return document.querySelectorAll('#queue-jobs polyline').length") as? Int == 3
        })
        try browser.screenshot(to: DashboardBrowserTests.screenshots + "/centre-queue.png")

        // The scheme: its budget used as `aisubmit usage --scheme aisp --json` says, the burn-down, the projects.
        let cli = try JSON.object(f.centre.aisubmit(["usage", "--scheme", "aisp", "--json"], token: f.funder).stdout)
        let scheme = try #require((cli["schemes"] as? [[String: Any]])?.first)
        let used = try #require(scheme["usedGPUHours"] as? Double)
        try browser.go(base + "/schemes/aisp")
        #expect(try browser.text("#scheme-used") == String(format: "%.3f", used), "small amounts show to the GPU-hour's thousandth")
        #expect(try browser.run("return document.querySelectorAll('#burndown polyline').length") as? Int == 3)
        #expect(try browser.text("#projects").contains("vision") && browser.text("#top-users").contains(f.centre.user))
        try browser.screenshot(to: DashboardBrowserTests.screenshots + "/scheme.png")

        // A project: its own burn-down and members.
        try browser.go(base + "/schemes/aisp/projects/vision")
        let vision = try JSON.object(f.centre.aisubmit(["usage", "--scheme", "aisp", "--json"], token: f.funder).stdout)
        let visionUsed = ((vision["projects"] as? [[String: Any]]) ?? []).first { $0["project"] as? String == "vision" }?["usedGPUHours"]
        #expect(try browser.text("#project-used") == String(format: "%.3f", visionUsed as? Double ?? -1))
        #expect(try browser.text("#members").contains(f.centre.user))
        try browser.screenshot(to: DashboardBrowserTests.screenshots + "/project.png")

        // The fair-share tree, cut to the funder's scheme.
        try browser.go(base + "/fairshare")
        let tree = try browser.text("#fairshare")
        #expect(tree.contains("vision") && tree.contains("speech") && !tree.contains("robotics"))
        try browser.screenshot(to: DashboardBrowserTests.screenshots + "/fairshare.png")

        // The funder report: the CLI's total, a CSV link and a print button.
        let (from, to) = (Self.day(-3), Self.day(0))
        try browser.go(base + "/reports?scheme=aisp&from=\(from)&to=\(to)")
        let rows = try JSON.array(f.centre.aisubmit(["admin", "report", "--scheme", "aisp", "--from", from, "--to", to, "--json"],
                                                    token: f.funder).stdout)
        let total = rows.reduce(0.0) { $0 + ($1["gpuHours"] as? Double ?? 0) }
        #expect(try browser.text("#report-total") == String(format: "%.3f", total))
        #expect(try browser.run("return document.querySelector('#csv').getAttribute('href')") as? String
                == "/api/v1/reports/funding?scheme=aisp&from=\(from)&to=\(to)&format=csv")
        #expect(try browser.run("return document.querySelector('#print') != null") as? Bool == true)
        try browser.screenshot(to: DashboardBrowserTests.screenshots + "/report.png")

        // The queue is not a viewer's: a page saying why.
        try browser.go(base + "/queue")
        #expect(try browser.text("main").contains("a viewer token may not list jobs"))
    }
}
