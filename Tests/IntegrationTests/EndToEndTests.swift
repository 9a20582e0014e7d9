import Foundation
import Testing

/// A researcher's path through a real centre: `aisubmit` → `schedd` → `nodeagent` → the job's process.
@Suite(.serialized) struct EndToEndTests {
    @Test func submittedCommandRunsAndItsOutputAndHistoryCanBeRead() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("node-a")
        let token = try centre.token(centre.user)

        // The job leads a session of its own (so the agent's kill(-pid) reaches all of it, and nothing of the agent's).
        let script = #"echo hello; [ "$(ps -o sid= -p $$ | tr -d ' ')" = "$$" ] || echo "not a session leader""#
        let submitted = try centre.aisubmit(["submit", "--json", "--", "sh", "-c", script], token: token)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let job = try #require(try JSON.object(submitted.stdout)["id"] as? Int)

        let waited = try centre.aisubmit(["wait", "--timeout", "30", String(job)], token: token)
        #expect(waited.status == 0, "wait: \(waited.stdout) \(waited.stderr)\nagent log:\n\(centre.log("node-a.log"))")

        let logs = try centre.aisubmit(["logs", String(job)], token: token)
        #expect(logs.status == 0, "\(logs.stderr)")
        #expect(logs.stdout == "hello\n")

        let shown = try centre.aisubmit(["show", "--json", String(job)], token: token)
        let info = try JSON.object(shown.stdout)
        #expect(info["state"] as? String == "COMPLETED")
        #expect(info["exitCode"] as? Int == 0)
        #expect(info["user"] as? String == centre.user)
        let history = try #require(info["history"] as? [[String: Any]])
        #expect(history.compactMap { $0["state"] as? String } == ["PENDING", "RUNNING", "COMPLETED"])
        let allocation = try #require((info["allocation"] as? [[String: Any]])?.first)
        #expect(allocation["node"] as? String == "node-a")
        for key in ["submitTime", "startTime", "endTime", "reason", "project"] {
            #expect(info.keys.contains(key), "missing \(key)")
        }
    }

    @Test func batchScriptWithSbatchDirectivesRunsWithItsOptions() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("node-a")
        let token = try centre.token(centre.user)
        let script = """
            #!/bin/sh
            #SBATCH --job-name=from-script
            #SBATCH --output=custom-%j.txt
            #AISUBMIT --time=5
            echo "job $AISCHED_JOB_ID named $AISCHED_JOB_NAME args $1 $2"
            """
        try script.write(toFile: centre.workDir + "/job.sh", atomically: true, encoding: .utf8)
        let submitted = try centre.aisubmit(["submit", "--json", "job.sh", "one", "two"], token: token)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let info = try JSON.object(submitted.stdout)
        let job = try #require(info["id"] as? Int)
        #expect(info["name"] as? String == "from-script")
        #expect(info["timeLimitSeconds"] as? Int == 300)
        #expect(try centre.aisubmit(["wait", "--timeout", "30", String(job)], token: token).status == 0)
        let output = try String(contentsOfFile: centre.workDir + "/custom-\(job).txt", encoding: .utf8)
        #expect(output == "job \(job) named from-script args one two\n")
    }

    @Test func malformedScriptIsRefusedWithItsLineAndNothingIsSubmitted() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        let token = try centre.token(centre.user)
        let script = "#!/bin/sh\n#SBATCH --nodes=2\n#SBATCH --time=1:xx:00\necho hi\n"
        try script.write(toFile: centre.workDir + "/bad.sh", atomically: true, encoding: .utf8)
        let refused = try centre.aisubmit(["submit", "bad.sh"], token: token)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("line 3"), "\(refused.stderr)")
        let unknown = try centre.aisubmit(["submit", "--frobnicate", "--", "true"], token: token)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("--frobnicate"), "\(unknown.stderr)")
        let queue = try centre.aisubmit(["queue", "--all", "--json"], token: token)
        #expect(try JSON.array(queue.stdout).isEmpty)
    }

    @Test func logsAreNotReadThroughASymlinkToAnotherFile() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("node-a")
        let token = try centre.token(centre.user)
        let secret = centre.root + "/not-yours.txt"
        try "secret\n".write(toFile: secret, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: centre.workDir + "/out.txt", withDestinationPath: secret)
        let submitted = try centre.aisubmit(["submit", "--json", "--output", "out.txt", "--", "true"], token: token)
        let job = try #require(try JSON.object(submitted.stdout)["id"] as? Int)
        _ = try centre.aisubmit(["wait", "--timeout", "30", String(job)], token: token)
        let logs = try centre.aisubmit(["logs", String(job)], token: token)
        #expect(!logs.stdout.contains("secret"))
        #expect(logs.status != 0, "reading through a symlink must be refused: \(logs.stdout)")
    }

    @Test func cancellingARunningJobStopsItsProcess() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("node-a")
        let token = try centre.token(centre.user)
        let submitted = try centre.aisubmit(["submit", "--json", "--exclusive", "--", "sh", "-c", "echo started; sleep 600"], token: token)
        let job = try #require(try JSON.object(submitted.stdout)["id"] as? Int)
        let started = try await eventually {
            (try centre.aisubmit(["logs", String(job)], token: token)).stdout.contains("started")
        }
        #expect(started)
        #expect(try centre.aisubmit(["cancel", String(job)], token: token).status == 0)
        let waited = try centre.aisubmit(["wait", "--timeout", "20", String(job)], token: token)
        #expect(waited.stdout.contains("CANCELLED"))
        // The process group is gone: the agent reported the exit, so the node's CPUs are free again.
        let next = try centre.aisubmit(["submit", "--json", "--cpus-per-task", "1", "--", "true"], token: token)
        let nextJob = try #require(try JSON.object(next.stdout)["id"] as? Int)
        #expect(try centre.aisubmit(["wait", "--timeout", "30", String(nextJob)], token: token).status == 0)
    }
}

enum JSON {
    static func object(_ text: String) throws -> [String: Any] {
        guard let value = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw TestFailure("not a JSON object: \(text)")
        }
        return value
    }

    static func array(_ text: String) throws -> [[String: Any]] {
        guard let value = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] else {
            throw TestFailure("not a JSON array: \(text)")
        }
        return value
    }
}
