import Foundation
import Testing

/// The dashboard in a real browser (Debian's headless chromium through its WebDriver), on a centre with real agents
/// and jobs: the login form, the centre, the queue and a job's page show what `aisubmit --json` says, the queue moves
/// without a reload, and each view is saved as a screenshot (docs/DASHBOARD.md shows them; set
/// AISCHED_SCREENSHOT_DIR=docs/screenshots to refresh those, otherwise they go to .build/screenshots).
@Suite(.serialized) struct DashboardBrowserTests {
    static var screenshots: String {
        ProcessInfo.processInfo.environment["AISCHED_SCREENSHOT_DIR"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/screenshots").path
    }

    @Test(.enabled(if: WebDriver.available, "needs Debian's chromium and chromium-driver (scripts/install-deps.sh --browser)"))
    func theViewsShowWhatTheCLIShowsAndTheQueueMovesWithoutAReload() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd(extra: ["--http-port", "0"])
        let web = try WebClient.address(stateDir: centre.stateDir)
        try centre.startAgent("dgx-01", topology: AccountingTests.topology)
        try centre.startAgent("dgx-02", topology: AccountingTests.topology)
        let token = try centre.token(centre.user)

        // Both nodes busy (8 GPUs each), one job waiting for resources, one held.
        let gpus = ["--gpus-per-node", "8", "--cpus-per-task", "16"]
        let running = try WebAPITests.submit(centre, token, ["--job-name", "pretrain-a"] + gpus + ["--", "sleep", "300"])
        let second = try WebAPITests.submit(centre, token, ["--job-name", "pretrain-b"] + gpus + ["--", "sleep", "300"])
        let waiting = try WebAPITests.submit(centre, token, ["--job-name", "finetune", "--time", "30"] + gpus + ["--", "true"])
        let held = try WebAPITests.submit(centre, token, ["--job-name", "eval", "--hold", "--gpus-per-node", "1", "--", "true"])
        defer { _ = try? centre.aisubmit(["cancel"] + [running, second, waiting, held].map(String.init), token: token) }
        #expect(try await eventually(30) {
            try MetricsTests.state(centre, token, running) == "RUNNING" && MetricsTests.state(centre, token, second) == "RUNNING"
        }, "the first jobs did not start")

        let browser = try WebDriver(log: centre.root + "/chromedriver.log")
        defer { browser.quit() }
        let base = "http://\(web.host):\(web.port)"

        // Not logged in: the login form; a token pasted there logs in.
        try browser.go(base + "/")
        #expect(try browser.url == base + "/login")
        try browser.screenshot(to: Self.screenshots + "/login.png")
        try browser.type(token, into: "#token")
        try browser.click("form.login button")
        // Generous: with the whole suite running, a loaded machine takes seconds over the POST, redirect and first page.
        #expect(try await eventually(60) { try browser.url == base + "/" }, "the login did not lead to the centre")

        // The centre: GPUs in use as the nodes' listing says.
        let nodes = try JSON.array(centre.aisubmit(["nodes", "--json"], token: token).stdout)
        let used = nodes.reduce(0) { $0 + (($1["gpusTotal"] as? Int ?? 0) - ($1["gpusFree"] as? Int ?? 0)) }
        #expect(try browser.text("#gpus-used") == String(used))
        #expect(used == 16)
        let squares = try browser.run("return document.querySelectorAll('#node-grid .node').length") as? Int
        let grid = try browser.run("return document.querySelector('#node-grid').outerHTML") as? String ?? ""
        #expect(squares == 2, "\(grid)")
        try browser.screenshot(to: Self.screenshots + "/centre.png")

        // The queue: the pending jobs `aisubmit queue` lists, each with why it waits.
        try browser.go(base + "/queue")
        let pending = try JSON.array(centre.aisubmit(["queue", "--json", "--state", "PENDING"], token: token).stdout)
        #expect(try browser.text("#pending-count") == String(pending.count))
        #expect(pending.count == 2)
        #expect(try browser.text("#queue").contains("waiting for"))
        try browser.screenshot(to: Self.screenshots + "/queue.png")

        // A running job's page: its history and its 8 GPUs on its node.
        try browser.go(base + "/jobs/\(running)")
        #expect(try browser.run("return document.querySelectorAll('#allocation .gpu-held').length") as? Int == 8)
        #expect(try browser.text("#history").contains("RUNNING"))
        try browser.screenshot(to: Self.screenshots + "/job.png")

        // The queue moves by itself: cancel the waiting job, and the open page drops it within a refresh or two.
        try browser.go(base + "/queue")
        _ = try centre.aisubmit(["cancel", String(waiting)], token: token)
        #expect(try await eventually(60) { try browser.text("#pending-count") == "1" }, "the queue page did not update")
        #expect(try browser.run("return document.querySelector('main').dataset.updated != null") as? Bool == true,
                "updated in place, not reloaded")
    }
}
