import Foundation
import HardwareDiscovery
import Testing

/// Jobs run confined to what they were allocated, as the kernel sees it.
@Suite(.serialized) struct PinningTests {
    @Test(arguments: [1, ProcessInfo.processInfo.activeProcessorCount])
    func jobSeesExactlyItsAllocatedCPUsAndMemoryNodes(cpus: Int) async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("node-a")
        let token = try centre.token(centre.user)
        let submitted = try centre.aisubmit(
            ["submit", "--json", "--cpus-per-task", String(cpus), "--",
             "sh", "-c", "grep -E '^(Cpus|Mems)_allowed_list' /proc/self/status"], token: token)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let job = try #require(try JSON.object(submitted.stdout)["id"] as? Int)
        #expect(try centre.aisubmit(["wait", "--timeout", "30", String(job)], token: token).status == 0)

        let info = try JSON.object(try centre.aisubmit(["show", "--json", String(job)], token: token).stdout)
        let allocation = try #require((info["allocation"] as? [[String: Any]])?.first)
        let allocatedCPUs = try #require(allocation["cpus"] as? [Int])
        let numaNodes = try #require(allocation["numaNodes"] as? [Int])
        #expect(allocatedCPUs.count == cpus)
        #expect(!numaNodes.isEmpty)

        let output = try centre.aisubmit(["logs", String(job)], token: token).stdout
        let seen = Dictionary(uniqueKeysWithValues: output.split(separator: "\n").compactMap { line -> (String, String)? in
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        })
        #expect(seen["Cpus_allowed_list"] == CPUList(allocatedCPUs).description, "job output: \(output)")
        #expect(seen["Mems_allowed_list"] == CPUList(numaNodes).description, "job output: \(output)")
    }
}
