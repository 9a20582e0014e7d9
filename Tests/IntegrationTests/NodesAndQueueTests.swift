import Foundation
import Glibc
import Testing

/// `aisubmit nodes` (sinfo) and `aisubmit queue`'s squeue options against real schedd and agent processes.
@Suite(.serialized) struct NodesAndQueueTests {
    /// Two declared DGX H100s; one job holds 3 GPUs, 4 CPUs and 8 GB on one of them. Every user sees both nodes
    /// with what is free and what is there; queue filters and formats that job as squeue would.
    @Test func nodesShowWhatARunningJobHoldsAndQueueFormatsItAsSqueue() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("dgx-01", topology: AccountingTests.topology)
        try centre.startAgent("dgx-02", topology: AccountingTests.topology)
        let token = try centre.token(centre.user)
        let submitted = try centre.aisubmit(["submit", "--json", "--gpus-per-node", "3", "--cpus-per-task", "4",
                                             "--mem", "8G", "--", "sleep", "60"], token: token)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let job = try #require(try JSON.object(submitted.stdout)["id"] as? Int)
        defer {
            // Its process ends before the agents are killed (it is COMPLETING until then), so it does not outlive the test.
            _ = try? centre.aisubmit(["cancel", String(job)], token: token)
            var tries = 0
            while tries < 100, (try? centre.aisubmit(["queue", "-h", "-t", "CG", "-j", String(job), "-o", "%i"],
                                                     token: token).stdout.isEmpty) == false {
                tries += 1
                usleep(200_000)
            }
        }
        #expect(try await eventually(30) {
            try JSON.object(centre.aisubmit(["show", "--json", String(job)], token: token).stdout)["state"] as? String
                == "RUNNING"
        }, "the job did not start")
        let shown = try JSON.object(centre.aisubmit(["show", "--json", String(job)], token: token).stdout)
        let busy = try #require((shown["allocation"] as? [[String: Any]])?.first?["node"] as? String)
        let idle = busy == "dgx-01" ? "dgx-02" : "dgx-01"

        // Another user, who has no job, sees both nodes.
        let listed = try centre.aisubmit(["nodes", "--json"], token: try centre.token("someone-else"))
        #expect(listed.status == 0, "\(listed.stderr)")
        let nodes = try JSON.array(listed.stdout)
        #expect(nodes.compactMap { $0["name"] as? String } == ["dgx-01", "dgx-02"])
        let total: [String: Int] = ["gpus": 8, "cpus": 224, "memoryMB": 2_097_152]
        let held: [String: Int] = ["gpus": 3, "cpus": 4, "memoryMB": 8_192]
        for node in nodes {
            let name = try #require(node["name"] as? String)
            #expect(node["state"] as? String == (name == busy ? "mixed" : "idle"), "\(node)")
            #expect(node["responding"] as? Bool == true)
            #expect(node["gpuModel"] as? String == "NVIDIA H100 80GB HBM3", "\(node)")
            for (resource, count) in total {
                #expect(node["\(resource)Total"] as? Int == count, "\(name) \(resource)")
                #expect(node["\(resource)Free"] as? Int == count - (name == busy ? held[resource]! : 0), "\(name) \(resource)")
            }
            #expect(node.keys.contains("reason") && node["reason"] is NSNull, "absent values are null, not left out")
        }

        let summary = try JSON.array(centre.aisubmit(["nodes", "-s", "--json"], token: token).stdout)
        #expect(summary.map { "\($0["state"] ?? "") \($0["nodeList"] ?? "") \($0["gpusFree"] ?? "")" }
                == ["idle \(idle) 8", "mixed \(busy) 5"])
        let unknown = try centre.aisubmit(["nodes", "-n", "dgx-[01-03],gpu-9"], token: token)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no node named dgx-03, gpu-9"), "\(unknown.stderr)")
        let text = try centre.aisubmit(["nodes", "-h", "-n", busy], token: token)
        #expect(text.stdout.hasPrefix("\(busy)  -  mixed  5/8"), "no partitions here: \(text.stdout)")
        #expect(text.stdout.contains("h100"), "GPU model words are features: \(text.stdout)")

        // squeue's filters and format.
        let line = try centre.aisubmit(["queue", "-h", "-t", "R,PD", "-j", String(job), "-o", "%.8i|%t|%T|%D|%R|%a|%P"],
                                       token: token)
        #expect(line.stdout == String(repeating: " ", count: 8 - String(job).count) + "\(job)|R|RUNNING|1|\(busy)|default|-\n",
                "\(line.stdout) \(line.stderr)")
        let none = try centre.aisubmit(["queue", "-h", "-t", "CD", "-o", "%i"], token: token)
        #expect(none.status == 0 && none.stdout.isEmpty, "\(none.stdout)")
        let others = try centre.aisubmit(["queue", "-u", "\(centre.user),carol,bob"], token: token)
        #expect(others.status != 0)
        #expect(others.stderr.contains("may list only their own jobs, not those of bob, carol"), "\(others.stderr)")
        let admin = try centre.aisubmit(["queue", "-h", "-u", centre.user, "-o", "%i %u"], token: try centre.token("ops", role: "admin"))
        #expect(admin.stdout == "\(job) \(centre.user)\n", "\(admin.stdout) \(admin.stderr)")
        let badFormat = try centre.aisubmit(["queue", "-o", "%i %C", "-t", "SUSPENDED"], token: token)
        #expect(badFormat.status != 0)
        #expect(badFormat.stderr.contains("unknown field %C") && badFormat.stderr.contains("SUSPENDED is a Slurm state"),
                "\(badFormat.stderr)")
    }
}
