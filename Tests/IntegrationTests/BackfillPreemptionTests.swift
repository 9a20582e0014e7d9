import AischedClient
import Foundation
import SchedulerProtocol
import Testing

/// Reservations, start estimates and preemption over real processes: schedd, an agent declaring a DGX H100, and
/// aisubmit.
@Suite(.serialized) struct BackfillPreemptionTests {
    static var topology: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("seeds/topologies/dgx-h100.json").path
    }

    static func job(_ centre: TestCentre, _ id: Int, _ token: String) throws -> [String: Any] {
        try JSON.object(centre.aisubmit(["show", "--json", String(id)], token: token).stdout)
    }

    static func submit(_ centre: TestCentre, _ args: [String], _ token: String) throws -> Int {
        let result = try centre.aisubmit(["submit", "--json"] + args, token: token)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSON.object(result.stdout)["id"] as? Int)
    }

    @Test func aWaitingJobIsToldWhenItStartsAndAScavengerJobIsPreemptedRequeuedAndRunsAgain() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("dgx-01", topology: Self.topology)
        let token = try centre.token(centre.user)

        // 1. A normal job holds all 8 GPUs for up to an hour; the next one is reserved at its end.
        let first = try Self.submit(centre, ["--gpus-per-node", "8", "--time", "60", "--", "sleep", "300"], token)
        #expect(try await eventually(40) { try Self.job(centre, first, token)["state"] as? String == "RUNNING" })
        let second = try Self.submit(centre, ["--gpus-per-node", "8", "--time", "30", "--", "true"], token)
        #expect(try await eventually(40) {
            try Self.job(centre, second, token)["estimatedStartTime"] as? String != nil
        }, "the waiting job got no start estimate")
        let waiting = try Self.job(centre, second, token)
        #expect(waiting["reason"] as? String == "Resources")
        #expect(waiting["startsAfter"] as? [Int] == [first])
        #expect((waiting["waiting"] as? String)?.contains("when job \(first) ends") == true, "\(waiting)")
        // Where it could go (the placement report): the one node's GPUs are all taken.
        #expect((waiting["placement"] as? [String: Any])?["rejections"] as? [String: Int] == ["GPUsBusy": 1], "\(waiting)")
        let shown = try centre.aisubmit(["show", String(second)], token: token).stdout
        #expect(shown.contains("of 1 node: 1 has too few free GPUs"), "\(shown)")
        let start = try centre.aisubmit(["queue", "--start"], token: token)
        #expect(start.stdout.contains("waiting for 8 × GPU on one node"), "\(start.stdout)")
        _ = try centre.aisubmit(["cancel", String(first), String(second)], token: token)

        // 2. A scavenger job takes the GPUs; a normal job preempts it; the scavenger job is requeued, not failed,
        //    and runs again once the normal job is done.
        #expect(try await eventually(40) { try Self.job(centre, first, token)["state"] as? String == "CANCELLED" })
        let scavenger = try Self.submit(centre, ["--qos", "scavenger", "--gpus-per-node", "8", "--", "sleep", "300"], token)
        // The cancelled job's GPUs come back when its agent reports the processes gone: slow on a loaded machine.
        let ran = try await eventually(60) { try Self.job(centre, scavenger, token)["state"] as? String == "RUNNING" }
        let seen = (try? Self.job(centre, scavenger, token)).map { "\($0)" } ?? "?"
        #expect(ran, "\(seen) / \(centre.log("schedd.log").suffix(3000))")
        let normal = try Self.submit(centre, ["--gpus-per-node", "8", "--time", "10", "--", "sleep", "2"], token)
        #expect(try await eventually(60) {
            try Self.job(centre, normal, token)["state"] as? String != "PENDING"
        }, "the normal job never started")
        let history = try Self.job(centre, scavenger, token)["history"] as? [[String: Any]] ?? []
        let reasons = history.compactMap { $0["reason"] as? String }
        #expect(reasons.contains("Preempted by job \(normal)"), "\(reasons)")
        #expect(reasons.contains("Requeued: preempted by job \(normal)"), "\(reasons)")
        #expect(try await eventually(60) {
            let job = try Self.job(centre, scavenger, token)
            let starts = (job["history"] as? [[String: Any]] ?? []).filter { $0["state"] as? String == "RUNNING" }
            return job["state"] as? String == "RUNNING" && starts.count >= 3
        }, "the requeued scavenger job did not run again")
        #expect(try Self.job(centre, normal, token)["state"] as? String == "COMPLETED")
    }
}
