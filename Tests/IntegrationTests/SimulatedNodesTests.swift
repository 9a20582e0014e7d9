import AischedClient
import Foundation
import SchedulerProtocol
import Testing

/// `nodeagent simulate` against a real schedd: fifty virtual nodes in one process register, heartbeat, claim and
/// "run" jobs (a gang over several of them too) to COMPLETED, and a cancelled one ends CANCELLED.
@Suite(.serialized) struct SimulatedNodesTests {
    @Test func fiftySimulatedNodesRunJobsAndACancelledOneEndsCancelled() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        let names = try centre.startSimulatedNodes(50, topology: AccountingTests.topology, extra: ["--run-seconds", "1"])
        let admin = try await centre.connect(as: "root", role: "admin")
        var listed: [NodeInfo] = []
        let allUp = try await eventually(60) {
            listed = try await admin.nodes(ListNodes())
            return listed.count == 50 && listed.allSatisfy { $0.state == "idle" && !$0.notResponding }
        }
        #expect(allUp, "nodes listed: \(listed.map { "\($0.name) \($0.state) \($0.notResponding)" })\n\(centre.log("simulate-sim.log"))")
        #expect(listed.map(\.name) == names)
        #expect(listed.first?.gpusTotal == 8, "the DGX H100 topology's GPUs")

        let token = try centre.token(centre.user)
        var jobs: [String] = []
        for args in [["--", "true"], ["--", "sleep", "2"], ["--gpus-per-node", "8", "--", "python", "train.py"],
                     ["--nodes", "4", "--gpus-per-node", "8", "--", "torchrun", "train.py"]] {
            let submitted = try centre.aisubmit(["submit", "--parsable"] + args, token: token)
            #expect(submitted.status == 0, "\(args): \(submitted.stderr)")
            jobs.append(submitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let running = try centre.aisubmit(["submit", "--parsable", "--", "sleep", "600"], token: token)
        let longJob = running.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        for job in jobs {
            let waited = try centre.aisubmit(["wait", "--timeout", "60", job], token: token)
            #expect(waited.status == 0 && waited.stdout.contains("COMPLETED"),
                    "job \(job): \(waited.stdout) \(waited.stderr)\n\(centre.log("simulate-sim.log"))")
        }
        let gang = try JSON.object(centre.aisubmit(["show", "--json", jobs[3]], token: token).stdout)
        #expect((gang["allocation"] as? [[String: Any]])?.count == 4, "the gang ran on 4 simulated nodes: \(gang)")
        let log = try centre.aisubmit(["logs", jobs[2]], token: token)
        #expect(log.stdout.contains("ran on simulated node sim-"), "a clear line for its log: \(log.stdout) \(log.stderr)")

        let started = try await eventually(30) {
            let shown = try JSON.object(centre.aisubmit(["show", "--json", longJob], token: token).stdout)
            return shown["state"] as? String == "RUNNING"
        }
        #expect(started, "the long job runs")
        #expect(try centre.aisubmit(["cancel", longJob], token: token).status == 0)
        let cancelled = try centre.aisubmit(["wait", "--timeout", "30", longJob], token: token)
        #expect(cancelled.stdout.contains("CANCELLED"), "\(cancelled.stdout) \(cancelled.stderr)")
        // The cancelled run's node reported its end, so nothing is still being stopped anywhere.
        let stopping = try await eventually(20) {
            try await admin.nodes(ListNodes()).allSatisfy { $0.cpusFree == $0.cpusTotal }
        }
        #expect(stopping, "every simulated node is free again")
        await admin.close()
    }
}
