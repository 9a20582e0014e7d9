import SchedulerProtocol
import Testing
@testable import AischedClient

/// `aisubmit nodes --summary` (sinfo -s): one group per state and GPU model, totals added up.
@Suite struct NodeSummaryTests {
    static func node(_ name: String, _ state: String, model: String = "H100", gpus: (UInt32, UInt32) = (8, 8),
                     responding: Bool = true) -> NodeInfo {
        var n = NodeInfo()
        n.name = name
        n.state = state
        n.notResponding = !responding
        n.gpuModel = model
        n.gpusFree = gpus.0
        n.gpusTotal = gpus.1
        n.cpusFree = 100
        n.cpusTotal = 224
        n.memoryMBFree = 1_000
        n.memoryMBTotal = 2_000
        return n
    }

    @Test func groupsByStateAndModelInServiceFirst() {
        let groups = NodeSummary.groups([
            Self.node("cpu-01", "idle", model: "", gpus: (0, 0)),
            Self.node("dgx-01", "mixed", gpus: (3, 8)),
            Self.node("dgx-02", "down", gpus: (8, 8), responding: false),
            Self.node("dgx-03", "mixed", gpus: (0, 8)),
            Self.node("dgx-04", "idle"),
            Self.node("dgx-05", "idle", responding: false),
            Self.node("l40-01", "idle", model: "L40S", gpus: (4, 4)),
        ])
        #expect(groups.map { "\($0.state) \($0.gpuModel) \($0.nodes.joined(separator: ","))" } == [
            "idle  cpu-01", "idle H100 dgx-04", "idle L40S l40-01", "idle* H100 dgx-05", "mixed H100 dgx-01,dgx-03",
            "down* H100 dgx-02",
        ])
        let mixed = groups[4]
        #expect((mixed.gpusFree, mixed.gpusTotal, mixed.cpusFree, mixed.cpusTotal) == (3, 16, 200, 448))
        #expect((mixed.memoryMBFree, mixed.memoryMBTotal) == (2_000, 4_000))
    }
}
