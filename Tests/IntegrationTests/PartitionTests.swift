import Foundation
import Testing

/// `--partition` and `--constraint` through a real centre: partitions from schedd's configuration, features
/// declared by an agent.
@Suite(.serialized) struct PartitionTests {
    @Test func jobsRunInTheirPartitionAndOnNodesWithTheirFeatures() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        let config = centre.root + "/schedd.json"
        try """
            {"partitions": [{"name": "gpu", "nodes": "dgx-01", "default": true},
                            {"name": "debug", "nodes": "dgx-02", "maxTimeMinutes": 30}]}
            """.write(toFile: config, atomically: true, encoding: .utf8)
        try centre.startSchedd(extra: ["--config", config])
        try centre.startAgent("dgx-01", topology: AccountingTests.topology)
        try centre.startAgent("dgx-02", topology: AccountingTests.topology, extra: ["--feature", "NVLink"])
        let token = try centre.token(centre.user)

        func node(of args: [String]) throws -> String? {
            let submitted = try centre.aisubmit(["submit", "--parsable"] + args + ["--", "true"], token: token)
            #expect(submitted.status == 0, "\(args): \(submitted.stderr)")
            let id = submitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(try centre.aisubmit(["wait", "--timeout", "30", id], token: token).status == 0)
            let info = try JSON.object(centre.aisubmit(["show", "--json", id], token: token).stdout)
            return (info["allocation"] as? [[String: Any]])?.first?["node"] as? String
        }
        #expect(try node(of: ["-p", "debug", "-t", "10"]) == "dgx-02")
        #expect(try node(of: []) == "dgx-01", "no partition: the default one")
        #expect(try node(of: ["-p", "gpu,debug", "-t", "10", "-C", "nvlink"]) == "dgx-02")
        #expect(try node(of: ["-p", "debug", "-C", "h100"]) == "dgx-02", "GPU model words are features; MaxTime is the limit")

        let unknown = try centre.aisubmit(["submit", "-p", "big", "--", "true"], token: token)
        #expect(unknown.status != 0 && unknown.stderr.contains("no partition big") && unknown.stderr.contains("gpu, debug"),
                "\(unknown.stderr)")
        let tooLong = try centre.aisubmit(["submit", "-p", "debug", "-t", "60", "--", "true"], token: token)
        #expect(tooLong.status != 0 && tooLong.stderr.contains("at most 30 minutes"), "\(tooLong.stderr)")
        let noFeature = try centre.aisubmit(["submit", "-C", "infiniband", "--", "true"], token: token)
        #expect(noFeature.status != 0, "no node has the feature: \(noFeature.stdout)")

        let nodes = try JSON.array(centre.aisubmit(["nodes", "--json"], token: token).stdout)
        let second = try #require(nodes.first { $0["name"] as? String == "dgx-02" })
        #expect(second["partitions"] as? [String] == ["debug"])
        #expect((second["features"] as? [String])?.contains("nvlink") == true)
    }
}
