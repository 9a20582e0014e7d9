import Foundation
import Glibc
import Testing

/// `aisubmit admin node drain|resume|down` and `scontrol update NodeName=… State=…` against real schedd and agent
/// processes: who may, what the nodes and jobs show, and that the orders survive a kill -9 of schedd (after which the
/// agents re-register).
@Suite(.serialized) struct NodeControlIntegrationTests {
    @Test func drainDownAndResumeAsSlurmAdminsDo() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("dgx-01", topology: AccountingTests.topology)
        try centre.startAgent("dgx-02", topology: AccountingTests.topology)
        let user = try centre.token(centre.user)
        let ops = try centre.token("ops", role: "admin")

        func state(_ job: Int) throws -> String {
            try JSON.object(centre.aisubmit(["show", "--json", String(job)], token: user).stdout)["state"] as? String ?? ""
        }
        func node(_ name: String) throws -> [String: Any] {
            try JSON.array(centre.aisubmit(["nodes", "--json", "-n", name], token: user).stdout).first ?? [:]
        }
        func submitWholeNode() throws -> Int {
            let result = try centre.aisubmit(["submit", "--json", "--gpus-per-node", "8", "--", "sleep", "600"], token: user)
            #expect(result.status == 0, "\(result.stderr)")
            return try #require(try JSON.object(result.stdout)["id"] as? Int)
        }

        let first = try submitWholeNode()
        #expect(try await eventually(30) { try state(first) == "RUNNING" }, "the job did not start")
        let shown = try JSON.object(centre.aisubmit(["show", "--json", String(first)], token: user).stdout)
        let busy = try #require((shown["allocation"] as? [[String: Any]])?.first?["node"] as? String)
        let other = busy == "dgx-01" ? "dgx-02" : "dgx-01"

        // Only an admin may; drain and down need a reason; nothing changed by the refusals.
        let byUser = try centre.aisubmit(["admin", "node", "drain", busy, "--reason", "mine"], token: user)
        #expect(byUser.status != 0)
        #expect(byUser.stderr.contains("only an admin token may drain, resume or set nodes down"), "\(byUser.stderr)")
        let noReason = try centre.aisubmit(["admin", "node", "drain", busy], token: ops)
        #expect(noReason.status != 0)
        #expect(noReason.stderr.contains("a reason is required to drain nodes"), "\(noReason.stderr)")
        #expect(try node(busy)["state"] as? String == "allocated" || node(busy)["state"] as? String == "mixed")

        let drained = try centre.aisubmit(["admin", "node", "drain", busy, "--reason", "GPU 3 ECC errors"], token: ops)
        #expect(drained.status == 0, "\(drained.stderr)")
        #expect(drained.stdout.contains("draining") && drained.stdout.contains("GPU 3 ECC errors (ops, "), "\(drained.stdout)")
        let downed = try centre.aisubmit(["admin", "node", "down", other, "--reason", "PSU swap"], token: ops)
        #expect(downed.status == 0, "\(downed.stderr)")

        // A job only these nodes could run waits, and says which nodes and why.
        let second = try submitWholeNode()
        #expect(try await eventually(10) {
            let job = try JSON.object(centre.aisubmit(["show", "--json", String(second)], token: user).stdout)
            return (job["reason"] as? String)?.hasPrefix("ReqNodeNotAvail, UnavailableNodes:") == true
        })
        let reason = try JSON.object(centre.aisubmit(["show", "--json", String(second)], token: user).stdout)["reason"] as? String ?? ""
        #expect(reason.contains("\(busy) (drained by ops: GPU 3 ECC errors)") && reason.contains("\(other) (set down by ops: PSU swap)"),
                "\(reason)")
        let reasons = try centre.aisubmit(["nodes", "-R", "-h"], token: user)
        #expect(reasons.stdout.contains("GPU 3 ECC errors") && reasons.stdout.contains("PSU swap"), "\(reasons.stdout)")

        // kill -9 of schedd: the agents re-register with the new daemon, and the orders hold.
        centre.killSchedd()
        try centre.startSchedd()
        // Agents retry with a backoff of up to 8 s; a loaded machine (the whole suite at once) can take a while.
        #expect(try await eventually(90) {
            try (node(busy)["responding"] as? Bool) == true && (node(other)["responding"] as? Bool) == true
        }, "the agents did not come back:\n\(centre.log("dgx-01.log"))\n\(centre.log("dgx-02.log"))\n\(centre.log("schedd.log"))")
        let busyNode = try node(busy)
        #expect(busyNode["state"] as? String == "draining", "\(busyNode)")
        #expect(busyNode["reason"] as? String == "GPU 3 ECC errors" && busyNode["reasonBy"] as? String == "ops")
        #expect(busyNode["reasonAt"] is String)
        #expect(try node(other)["state"] as? String == "down")
        #expect(try state(first) == "RUNNING", "a drained node's job runs on")
        #expect(try state(second) == "PENDING")

        // Down with a job: it ends as on a node failure, once the agent has stopped it.
        let stop = try centre.aisubmit(["admin", "node", "down", busy, "--reason", "fencing"], token: ops)
        #expect(stop.status == 0, "\(stop.stderr)")
        #expect(try await eventually(30) {
            try state(first) == "NODE_FAIL"
                && centre.aisubmit(["queue", "-h", "-t", "CG", "-o", "%i"], token: user).stdout.isEmpty
        }, "the job on the downed node did not end")
        #expect(try node(busy)["state"] as? String == "down")

        // Slurm's words resume the other node; the waiting job starts there.
        let resume = try centre.aisubmit(["scontrol", "update", "NodeName=\(other)", "State=RESUME"], token: ops)
        #expect(resume.status == 0 && resume.stdout.isEmpty, "\(resume.stderr)")
        #expect(try await eventually(30) { try state(second) == "RUNNING" }, "the waiting job did not start")
        let badUpdate = try centre.aisubmit(["scontrol", "update", "NodeName=\(busy)", "State=DRAIN"], token: ops)
        #expect(badUpdate.status != 0 && badUpdate.stderr.contains("a reason is required"), "\(badUpdate.stderr)")

        // Every order is in the audit log, who and why.
        let audit = try JSON.array(centre.aisubmit(["admin", "audit", "--json", "--subject", "node \(busy)"], token: ops).stdout)
        #expect(audit.map { $0["action"] as? String ?? "" } == ["drain-node", "down-node"])
        #expect(audit.allSatisfy { $0["actor"] as? String == "ops" })

        _ = try centre.aisubmit(["cancel", String(second)], token: user)
        #expect(try await eventually(30) {
            try centre.aisubmit(["queue", "-h", "-t", "CG,R", "-o", "%i"], token: user).stdout.isEmpty
        })
    }
}
