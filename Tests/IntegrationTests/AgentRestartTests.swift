import AischedClient
import Foundation
import Glibc
import Testing

/// Issue 13's double runs and lost jobs, on real processes: an agent killed (-9) while its job runs, killed right
/// after a launch, and stopped past the node timeout while a launch is in flight. Each job appends a line to a
/// marker file when it starts, so a second run would show.
@Suite(.serialized) struct AgentRestartTests {
    static func submit(_ centre: TestCentre, _ args: [String], _ token: String) throws -> Int {
        let result = try centre.aisubmit(["submit", "--parsable"] + args, token: token)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(result.stderr)")
    }

    static func state(_ centre: TestCentre, _ job: Int, _ token: String) -> [String: Any] {
        (try? JSON.object(centre.aisubmit(["show", "--json", String(job)], token: token).stdout)) ?? [:]
    }

    static func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Done-when 3 of issue 13: kill -9 of the agent during a running job, then a restart: the job finishes
    /// COMPLETED, ran once, and its end is reported once.
    @Test func aJobOutlivesItsAgentsCrashAndEndsCompletedOnce() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("node-a")
        let token = try centre.token(centre.user)
        let marks = centre.root + "/marks"
        let go = centre.root + "/go"
        // The job waits for the test's word, so it is surely running while its agent is killed and restarted.
        let job = try Self.submit(centre, ["--", "sh", "-c",
                                           "echo start >> \(marks); while [ ! -e \(go) ]; do sleep 0.1; done; echo end >> \(marks)"], token)
        #expect(try await eventually(60) { Self.lines(marks) == ["start"] })

        centre.killAgent("node-a")
        try await Task.sleep(for: .milliseconds(500))
        try centre.startAgent("node-a")
        #expect(centre.log("node-a.log").contains("supervising it again"), "\(centre.log("node-a.log"))")
        FileManager.default.createFile(atPath: go, contents: nil)

        #expect(try centre.aisubmit(["wait", "--timeout", "30", String(job)], token: token).status == 0)
        let info = Self.state(centre, job, token)
        #expect(info["state"] as? String == "COMPLETED", "\(info)\n\(centre.log("schedd.log"))")
        #expect(Self.lines(marks) == ["start", "end"])
        let history = (info["history"] as? [[String: Any]] ?? []).compactMap { $0["state"] as? String }
        #expect(history == ["PENDING", "RUNNING", "COMPLETED"], "\(history)")
    }

    /// An agent killed within moments of a launch (before, during or after it asked schedd to start it) and
    /// restarted: the job runs exactly once, whatever the moment.
    @Test(arguments: [0, 15, 40, 100])
    func anAgentKilledRightAfterALaunchNeverRunsTheJobTwice(delayMs: Int) async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("node-a")
        let token = try centre.token(centre.user)
        let marks = centre.root + "/marks"
        let spool = centre.root + "/spool-node-a"
        let job = try Self.submit(centre, ["--", "sh", "-c", "echo run >> \(marks); sleep 1"], token)
        // The part's record is written before the agent asks schedd to start it.
        #expect(try await eventually(20) { FileManager.default.fileExists(atPath: spool + "/job-\(job).part") || !Self.lines(marks).isEmpty })
        usleep(useconds_t(delayMs * 1000))
        centre.killAgent("node-a")
        try centre.startAgent("node-a")

        #expect(try await eventually(40) {
            (Self.state(centre, job, token)["state"] as? String).map { ["COMPLETED", "FAILED", "NODE_FAIL"].contains($0) } ?? false
        })
        try await Task.sleep(for: .seconds(1.5)) // a second run, if any, would have started by now
        let info = Self.state(centre, job, token)
        #expect(info["state"] as? String == "COMPLETED", "\(info)\nagent:\n\(centre.log("node-a.log"))")
        #expect(Self.lines(marks) == ["run"], "ran \(Self.lines(marks).count) times")
    }

    /// A node stopped (SIGSTOP) while a launch is queued for it: at the node timeout schedd fences it (closes its
    /// connection) and requeues the job, which runs on another node; when the node wakes up, the launch it still
    /// had buffered is not started (schedd no longer confirms it).
    @Test func aFencedNodeNeverRunsTheLaunchItHadBuffered() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd(extra: ["--node-timeout-seconds", "3"])
        try centre.startAgent("node-a")
        let token = try centre.token(centre.user)
        let marks = centre.root + "/marks"

        centre.pauseAgent("node-a", true)
        let job = try Self.submit(centre, ["--", "sh", "-c", "echo run $SLURMD_NODENAME >> \(marks)"], token)
        #expect(try await eventually(20) {
            (Self.state(centre, job, token)["history"] as? [[String: Any]] ?? []).contains {
                ($0["reason"] as? String)?.contains("lost the launch") == true
            }
        }, "\(Self.state(centre, job, token))")
        try centre.startAgent("node-b")
        #expect(try centre.aisubmit(["wait", "--timeout", "30", String(job)], token: token).status == 0)

        centre.pauseAgent("node-a", false)
        // It comes back: registers again (told to start nothing of that job).
        #expect(try await eventually(20) {
            centre.log("node-a.log").components(separatedBy: "registered with schedd").count > 2
        }, "\(centre.log("node-a.log"))")
        try await Task.sleep(for: .seconds(1))
        #expect(Self.lines(marks) == ["run node-b"], "\(Self.lines(marks))")
        #expect(centre.log("schedd.log").contains("node node-a timed out"))
    }
}
