import Testing
import SchedulerProtocol
@testable import AischedClient

@Suite("Where a pending job could go, in words")
struct PlacementTextTests {
    static func report(_ evaluated: UInt32, fitting: UInt32 = 0, _ rejections: [(String, UInt32)]) -> PlacementReportInfo {
        var report = PlacementReportInfo()
        report.nodesEvaluated = evaluated
        report.nodesFitting = fitting
        report.rejections = rejections.map { reason, nodes in
            var count = RejectionCount()
            count.reason = reason
            count.nodes = nodes
            return count
        }
        return report
    }

    @Test(arguments: [
        (report(2000, [("GPUsBusy", 1620), ("GPUModel", 300), ("NodeDrained", 80)]),
         "of 2,000 nodes: 1,620 have too few free GPUs, 300 lack the GPU model, 80 are drained"),
        (report(1, [("GPUsBusy", 1)]), "of 1 node: 1 has too few free GPUs"),
        (report(3, fitting: 1, [("NodeDown", 2)]), "of 3 nodes: 2 are down, 1 has room for it now"),
        (report(0, []), "of 0 nodes"),
        (report(4, [("SomethingNew", 4)]), "of 4 nodes: 4 are turned down (SomethingNew)"),
    ])
    func sentences(report: PlacementReportInfo, expected: String) {
        #expect(PlacementText.sentence(report) == expected)
    }
}
