import Foundation
import Testing

/// Finished jobs leave the live queue after the retention (`--job-retention-seconds`) and stay findable: `aisubmit
/// history` (and `sacct`'s options), `show`, `wait` and `logs` read them from the database, also after a restart.
@Suite(.serialized) struct HistoryTests {
    @Test func aRetiredJobIsGoneFromTheQueueButFoundInTheHistoryAlsoAfterARestart() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd(extra: ["--job-retention-seconds", "1"])
        try centre.startAgent("node-a")
        let token = try centre.token(centre.user)

        let submitted = try centre.aisubmit(["submit", "--parsable", "--", "sh", "-c", "echo retired"], token: token)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let id = submitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let waited = try centre.aisubmit(["wait", "--timeout", "60", id], token: token)
        #expect(waited.status == 0, "wait: \(waited.stdout) \(waited.stderr)\n\(centre.log("node-a.log"))")

        // Retired once its second has passed: the live queue no longer lists it, even with --all.
        var listed = true
        for _ in 0..<100 where listed {
            let all = try JSON.array(try centre.aisubmit(["queue", "--all", "--json"], token: token).stdout)
            listed = all.contains { String(describing: $0["id"] ?? "") == id }
            if listed { usleep(100_000) }
        }
        #expect(!listed, "job \(id) is still in the live queue after its retention\n\(centre.log("schedd.log"))")

        try expectFindable(id, centre, token)
        centre.killSchedd()
        try centre.startSchedd(extra: ["--job-retention-seconds", "1"])
        try expectFindable(id, centre, token)
        // The restart did not load it, and gives out a new id after it.
        let next = try centre.aisubmit(["submit", "--parsable", "--hold", "--", "true"], token: token)
        #expect(Int(next.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 > Int(id) ?? .max, "\(next.stdout)")
    }

    private func expectFindable(_ id: String, _ centre: TestCentre, _ token: String) throws {
        let history = try centre.aisubmit(["history", "--json", "-j", id], token: token)
        let rows = try JSON.array(history.stdout)
        #expect(rows.count == 1 && rows.first?["state"] as? String == "COMPLETED", "\(history.stdout) \(history.stderr)")
        let table = try centre.aisubmit(["history", "--starttime", "now-1hour"], token: token)
        #expect(table.status == 0 && table.stdout.contains("JobID") && table.stdout.contains("COMPLETED"),
                "\(table.stdout) \(table.stderr)")
        let csv = try centre.aisubmit(["history", "--format", "csv", "-s", "CD", "-S", "today"], token: token)
        #expect(csv.stdout.split(separator: "\n").contains { $0.hasPrefix("\(id),") }, "\(csv.stdout) \(csv.stderr)")
        let shown = try JSON.object(try centre.aisubmit(["show", "--json", id], token: token).stdout)
        #expect(shown["state"] as? String == "COMPLETED")
        #expect((shown["history"] as? [Any])?.isEmpty == false, "show gives its state history: \(shown)")
        let waited = try centre.aisubmit(["wait", "--timeout", "10", id], token: token)
        #expect(waited.status == 0, "\(waited.stdout) \(waited.stderr)")
        // Its output is on its node: after a restart of schedd, once the agent is back.
        var logs = try centre.aisubmit(["logs", id], token: token)
        for _ in 0..<120 where logs.stderr.contains("is not connected") {
            usleep(500_000)
            logs = try centre.aisubmit(["logs", id], token: token)
        }
        #expect(logs.stdout == "retired\n", "\(logs.stdout) \(logs.stderr)")
        // Another user does not see it; sacct's unsupported options are refused with what to use instead.
        let other = try centre.aisubmit(["history", "--json", "-j", id], token: try centre.token("mallory"))
        #expect(other.status != 0 && other.stderr.contains("no job \(id)"), "\(other.stdout) \(other.stderr)")
        let long = try centre.aisubmit(["history", "-l"], token: token)
        #expect(long.status != 0 && long.stderr.contains("--json"), "\(long.stderr)")
    }
}
