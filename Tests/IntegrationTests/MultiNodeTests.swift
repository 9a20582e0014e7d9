import Foundation
import Testing

/// A gang over two agents starts on both with the environment torchrun needs.
@Suite(.serialized) struct MultiNodeTests {
    @Test func twoNodeJobStartsOnBothNodesWithRankAndMasterEnvironment() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("node-a", topology: AccountingTests.topology)
        try centre.startAgent("node-b", topology: AccountingTests.topology)
        let token = try centre.token(centre.user)
        let script = #"echo "rank=$NODE_RANK nnodes=$NNODES world=$WORLD_SIZE master=$MASTER_ADDR:$MASTER_PORT list=$AISCHED_NODELIST gpus=$CUDA_VISIBLE_DEVICES""#
        let submitted = try centre.aisubmit(["submit", "--json", "--nodes", "2", "--gpus-per-node", "8", "--", "sh", "-c", script], token: token)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let job = try #require(try JSON.object(submitted.stdout)["id"] as? Int)
        #expect(try centre.aisubmit(["wait", "--timeout", "30", String(job)], token: token).status == 0)

        let info = try JSON.object(centre.aisubmit(["show", "--json", String(job)], token: token).stdout)
        let nodes = try #require(info["allocation"] as? [[String: Any]]).compactMap { $0["node"] as? String }
        #expect(Set(nodes) == ["node-a", "node-b"])
        let output = try String(contentsOfFile: try #require(info["stdout"] as? String), encoding: .utf8)
        let lines = Set(output.split(separator: "\n").map(String.init))
        let master = nodes[0]
        let port = 20_000 + job % 10_000
        #expect(lines == [
            "rank=0 nnodes=2 world=2 master=\(master):\(port) list=\(nodes.joined(separator: ",")) gpus=0,1,2,3,4,5,6,7",
            "rank=1 nnodes=2 world=2 master=\(master):\(port) list=\(nodes.joined(separator: ",")) gpus=0,1,2,3,4,5,6,7",
        ], "\(output)")
    }
}
