import Foundation
import Testing

/// Job arrays and dependencies through a real centre: `aisubmit submit --array/--dependency` → schedd → nodeagent.
@Suite(.serialized) struct ArrayDependencyTests {
    @Test func arrayTasksRunWithTheirTaskIDInTheEnvironment() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("node-a")
        let token = try centre.token(centre.user)

        let submitted = try centre.aisubmit(
            ["submit", "--json", "--array", "0-3%2", "-o", "arr-%A_%a.out", "--",
             "sh", "-c", "echo $AISCHED_ARRAY_TASK_ID $SLURM_ARRAY_JOB_ID"], token: token)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let info = try JSON.object(submitted.stdout)
        let first = try #require(info["id"] as? Int)
        #expect(info["arrayJobID"] as? Int == first)
        #expect(info["arrayTaskID"] as? Int == 0)
        let ids = (0..<4).map { String(first + $0) }

        let waited = try centre.aisubmit(["wait", "--timeout", "60"] + ids, token: token)
        #expect(waited.status == 0, "wait: \(waited.stdout) \(waited.stderr)\nagent log:\n\(centre.log("node-a.log"))")
        for (task, id) in ids.enumerated() {
            let shown = try JSON.object(try centre.aisubmit(["show", "--json", id], token: token).stdout)
            #expect(shown["state"] as? String == "COMPLETED")
            #expect(shown["arrayJobID"] as? Int == first)
            #expect(shown["arrayTaskID"] as? Int == task)
            let logs = try centre.aisubmit(["logs", id], token: token)
            #expect(logs.stdout == "\(task) \(first)\n", "\(logs.stderr)")
            let file = try String(contentsOfFile: centre.workDir + "/arr-\(first)_\(task).out", encoding: .utf8)
            #expect(file == "\(task) \(first)\n")
        }
    }

    @Test func theArraysIdNamesTheWholeArrayAndTasksShowAsIdUnderscoreN() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        let token = try centre.token(centre.user)
        let submitted = try centre.aisubmit(["submit", "--parsable", "--hold", "--array", "0-2", "--", "true"], token: token)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let array = submitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        let queue = try centre.aisubmit(["queue"], token: token).stdout
        for task in 0..<3 { #expect(queue.contains("\(array)_\(task) "), "\(queue)") }
        let released = try centre.aisubmit(["release", "--json", "\(array)_1"], token: token)
        #expect(try JSON.array(released.stdout).count == 1, "\(released.stdout) \(released.stderr)")
        let cancelled = try centre.aisubmit(["cancel", "--json", array], token: token)
        #expect(try JSON.array(cancelled.stdout).count == 3, "every task: \(cancelled.stdout) \(cancelled.stderr)")
        let all = try JSON.array(try centre.aisubmit(["queue", "--all", "--json"], token: token).stdout)
        #expect(all.count == 3 && all.allSatisfy { $0["state"] as? String == "CANCELLED" }, "\(all)")
        let bad = try centre.aisubmit(["cancel", "\(array)_7"], token: token)
        #expect(bad.status != 0 && bad.stderr.contains("\(array)_7"), "\(bad.stdout) \(bad.stderr)")
    }

    @Test func afterokWaitsForItsJobAndABadDependencyIsRefused() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("node-a")
        let token = try centre.token(centre.user)

        let refused = try centre.aisubmit(["submit", "--dependency", "afterok:9999", "--", "true"], token: token)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("no job 9999"), "\(refused.stderr)")

        let firstRun = try centre.aisubmit(["submit", "--json", "--", "sh", "-c", "sleep 2; echo first"], token: token)
        let first = try #require(try JSON.object(firstRun.stdout)["id"] as? Int)
        let secondRun = try centre.aisubmit(
            ["submit", "--json", "--dependency", "afterok:\(first)", "--", "sh", "-c", "echo second"], token: token)
        #expect(secondRun.status == 0, "\(secondRun.stderr)")
        let second = try JSON.object(secondRun.stdout)
        let secondID = try #require(second["id"] as? Int)
        #expect(second["dependency"] as? String == "afterok:\(first)")
        #expect(second["state"] as? String == "PENDING")
        #expect(second["reason"] as? String == "Dependency")

        let waited = try centre.aisubmit(["wait", "--timeout", "60", String(secondID)], token: token)
        #expect(waited.status == 0, "wait: \(waited.stdout) \(waited.stderr)")
        let firstInfo = try JSON.object(try centre.aisubmit(["show", "--json", String(first)], token: token).stdout)
        let secondInfo = try JSON.object(try centre.aisubmit(["show", "--json", String(secondID)], token: token).stdout)
        #expect(firstInfo["state"] as? String == "COMPLETED")
        let firstEnd = try #require(firstInfo["endTime"] as? String)
        let secondStart = try #require(secondInfo["startTime"] as? String)
        #expect(firstEnd <= secondStart, "second started \(secondStart) before first ended \(firstEnd)")
        #expect(try centre.aisubmit(["logs", String(secondID)], token: token).stdout == "second\n")
    }
}
