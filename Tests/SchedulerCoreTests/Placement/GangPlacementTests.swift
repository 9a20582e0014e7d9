import Testing
@testable import SchedulerCore

@Suite("Gang placement (selection)")
struct GangPlacementTests {
    static func scored(_ name: String, _ total: Int) -> GangPlacement.Scored {
        let node = Node.up(name, .make(domains: 1, coresPerDomain: 2))
        let ask = PlacementAsk(ResourceRequest(), settings: SchedulerSettings())
        return GangPlacement.Scored(candidate: NodeAllocator.trial(ask, on: node)!, total: total)
    }

    @Test func theHighestTotalsWinTiesGoByNameAndRankZeroIsTheBest() {
        let candidates = [Self.scored("n3", 500), Self.scored("n1", 300), Self.scored("n2", 500), Self.scored("n0", 100)]
        #expect(GangPlacement.select(1, from: candidates)?.nodeNames == ["n2"])
        #expect(GangPlacement.select(3, from: candidates)?.nodeNames == ["n2", "n3", "n1"])
        #expect(GangPlacement.select(4, from: candidates)?.nodeNames == ["n2", "n3", "n1", "n0"])
    }

    @Test func allNodesOrNone() {
        let candidates = [Self.scored("n1", 10), Self.scored("n2", 10)]
        #expect(GangPlacement.select(3, from: candidates) == nil)
        #expect(GangPlacement.select(2, from: []) == nil)
        #expect(GangPlacement.select(2, from: candidates)?.nodes.count == 2)
    }
}
