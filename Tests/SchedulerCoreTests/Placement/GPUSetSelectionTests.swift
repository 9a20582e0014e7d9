import Testing
@testable import SchedulerCore

@Suite("GPU set selection")
struct GPUSetSelectionTests {
    /// The GPU indices a job of `gpus` GPUs and `cpus` CPUs gets on `node`.
    static func select(_ gpus: Int, cpus: Int = 1, on node: Node) -> [Int]? {
        let free = NodeFreeMap(node)
        let candidates = node.inventory.topology.gpus.indices.filter { free.gpuFree[$0] }
        return GPUSetSelection(free: free, cpus: cpus, memoryMB: 0).select(gpus, from: candidates)
            .map { $0.map { node.inventory.topology.gpus[$0].index } }
    }

    // MARK: NVLink pairs (8 × A40, real `nvidia-smi topo -m`)

    @Test func theFixtureHasNVLinkOnlyWithinPairs() throws {
        let a40 = try NodeTopology.a40NVLinkPairs()
        #expect(a40.gpus.map(\.numaDomain) == [0, 0, 0, 0, 1, 1, 1, 1])
        #expect(a40.linkRank(0, 1) == 1_004 && a40.linkRank(2, 3) == 1_004 && a40.linkRank(6, 7) == 1_004)
        #expect(a40.linkRank(1, 2) == NodeTopology.LinkRank.sameNUMA)
        #expect(a40.linkRank(3, 4) == NodeTopology.LinkRank.crossSocket)
    }

    @Test func twoGPUJobsGetNVLinkPairs() throws {
        var node = Node.up("a40", try .a40NVLinkPairs())
        var sets: [[Int]] = []
        for _ in 0..<4 {
            guard let set = Self.select(2, on: node) else { Issue.record("no set"); return }
            sets.append(set)
            node = node.holding(gpus: set)
        }
        #expect(sets == [[0, 1], [2, 3], [4, 5], [6, 7]])
    }

    @Test func oneGPUJobsCompleteBrokenPairsFirst() throws {
        var node = Node.up("a40", try .a40NVLinkPairs())
        var taken: [Int] = []
        for _ in 0..<3 {
            guard let set = Self.select(1, on: node) else { Issue.record("no set"); return }
            taken += set
            node = node.holding(gpus: set)
        }
        // 0, then its partner 1 (not 2, which would break the 2-3 pair), then 2 in the fullest domain.
        #expect(taken == [0, 1, 2])
        // The next 2-GPU job still finds a whole pair.
        #expect(Self.select(2, on: node) == [4, 5])
    }

    @Test func anOrphanIsTakenBeforeBreakingAPair() throws {
        let node = Node.up("a40", try .a40NVLinkPairs()).holding(gpus: [0, 4])
        // Domain 0 and 1 each have one orphan (1 and 5) and one pair: a 1-GPU job takes an orphan.
        #expect(Self.select(1, on: node) == [1])
        // A 2-GPU job takes a pair, not the two orphans (NODE) nor across sockets.
        #expect(Self.select(2, on: node) == [2, 3])
    }

    @Test func linkQualityComesBeforeCPULocalityButLocalityPicksAmongEqualPairs() throws {
        let a40 = try NodeTopology.a40NVLinkPairs()
        let domain0CPUs = a40.cores.filter { $0.numaDomain == 0 }.flatMap(\.cpus)
        let node = Node.up("a40", a40).holding(cpus: domain0CPUs)
        // Every pair is NV4; the pairs of domain 1 have the CPUs.
        #expect(Self.select(2, cpus: 8, on: node) == [4, 5])
        // With only 0-1 and 2 free in domain 0 and 4, 6 free in domain 1, NVLink wins over locality.
        let sparse = Node.up("a40", a40).holding(cpus: domain0CPUs, gpus: [3, 5, 7])
        #expect(Self.select(2, cpus: 8, on: sparse) == [0, 1])
    }

    // MARK: NUMA domains (DGX H100: NV18 everywhere)

    @Test func aOneGPUJobTakesFromTheDomainWithFewestFreeGPUs() {
        let node = Node.up("dgx", .dgxH100()).holding(gpus: [4, 5])
        #expect(Self.select(1, on: node) == [6])
    }

    @Test func aOneGPUJobGoesWhereItsCPUsAre() {
        let dgx = NodeTopology.dgxH100()
        let domain0CPUs = dgx.cores.filter { $0.numaDomain == 0 }.flatMap(\.cpus)
        // Domain 0 has fewer free GPUs, but no free CPUs.
        let node = Node.up("dgx", dgx).holding(cpus: domain0CPUs, gpus: [0])
        #expect(Self.select(1, cpus: 8, on: node) == [4])
    }

    @Test func setsStayWithinOneDomainWhenTheyCan() {
        let node = Node.up("dgx", .dgxH100()).holding(gpus: [0])
        #expect(Self.select(4, on: node) == [4, 5, 6, 7])
        #expect(Self.select(2, on: node) == [1, 2])
        #expect(Self.select(3, on: node) == [1, 2, 3])
        // 3 + 2 and 1 + 4 tie on every key but the indices: domain 0 is emptied, 6-7 stay together.
        #expect(Self.select(5, on: node) == [1, 2, 3, 4, 5])
        #expect(Self.select(8, on: node) == nil)
    }

    @Test func withoutALinkMatrixSameDomainGPUsRankAsNODE() {
        let topology = NodeTopology.make(domains: 2, coresPerDomain: 8, gpusPerDomain: 2)
        #expect(topology.gpuLinkRanks == nil)
        #expect(topology.linkRank(0, 1) == NodeTopology.LinkRank.sameNUMA)
        #expect(topology.linkRank(1, 2) == NodeTopology.LinkRank.crossSocket)
        #expect(Self.select(2, on: Node.up("pcie", topology).holding(gpus: [0])) == [2, 3])
    }

    // MARK: Search

    @Test func largeNodesAreSearchedGreedilyAndStillKeepSetsInOneDomain() {
        // 2 domains × 8 GPUs: C(16, 8) = 12,870 sets, more than the exhaustive limit.
        let topology = NodeTopology.make(domains: 2, coresPerDomain: 16, gpusPerDomain: 8)
        #expect(GPUSetSelection.combinations(16, 8) > GPUSetSelection.exhaustiveLimit)
        #expect(Self.select(8, on: Node.up("big", topology)) == Array(0..<8))
        #expect(Self.select(8, on: Node.up("big", topology).holding(gpus: [1])) == Array(8..<16))
    }

    @Test func combinationsAreCountedAndListedInOrder() {
        #expect(GPUSetSelection.combinations(8, 4) == 70)
        #expect(GPUSetSelection.combinations(8, 0) == 1)
        #expect(GPUSetSelection.combinations(3, 5) == 0)
        #expect(GPUSetSelection.combinations(200, 100) == Int.max)
        var listed: [[Int]] = []
        GPUSetSelection.forEachCombination(of: [1, 3, 5, 7], size: 2) { listed.append($0) }
        #expect(listed == [[1, 3], [1, 5], [1, 7], [3, 5], [3, 7], [5, 7]])
        var count = 0
        GPUSetSelection.forEachCombination(of: Array(0..<8), size: 4) { _ in count += 1 }
        #expect(count == 70)
    }
}
