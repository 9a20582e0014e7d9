import Testing
@testable import SchedulerCore

@Suite("NUMA placement")
struct NUMAPlacementTests {
    /// The plan for `cpus` CPUs, `memoryMB` and the GPUs with these indices on `node`.
    static func plan(_ cpus: Int, memoryMB: Int64 = 0, gpus: [Int] = [], on node: Node) -> NUMAPlacement.Plan? {
        let free = NodeFreeMap(node)
        let topology = node.inventory.topology
        let positions = gpus.map { index in topology.gpus.firstIndex { $0.index == index }! }
        let others = topology.gpus.indices.filter { free.gpuFree[$0] && !positions.contains($0) }
        return NUMAPlacement(free: free, otherFreeGPUs: others).place(cpus: cpus, memoryMB: memoryMB, gpus: positions)
    }

    static let dgx = Node.up("dgx", .dgxH100())

    // MARK: Shares

    struct ShareCase: Sendable, CustomTestStringConvertible {
        var total: Int64
        var weights: [Int64]
        var caps: [Int64]
        var expected: [Int64]
        var testDescription: String { "\(total) by \(weights) capped \(caps) → \(expected)" }
    }

    @Test(arguments: [
        ShareCase(total: 16, weights: [2, 2], caps: [100, 100], expected: [8, 8]),
        ShareCase(total: 10, weights: [1, 0, 0], caps: [4, 10, 10], expected: [4, 6, 0]),
        ShareCase(total: 10, weights: [0, 0], caps: [3, 20], expected: [3, 7]),
        ShareCase(total: 10, weights: [1, 1, 1], caps: [100, 100, 100], expected: [4, 3, 3]),
        ShareCase(total: 7, weights: [3, 1], caps: [100, 100], expected: [5, 2]),
        ShareCase(total: 5, weights: [1, 1], caps: [1, 1], expected: [1, 1]),
    ])
    func sharesAreProportionalThenCappedThenFilledInOrder(_ c: ShareCase) {
        #expect(NUMAPlacement.apportion(c.total, weights: c.weights, caps: c.caps) == c.expected)
    }

    // MARK: Cores

    @Test func wholeCoresComeFirstThenSplitCoresThenANewSplit() {
        // Core 0 = CPUs 0 and 112; CPU 112 is taken, so core 0 is split.
        let node = Self.dgx.holding(cpus: [112])
        let free = NodeFreeMap(node)
        let numa = NUMAPlacement(free: free, otherFreeGPUs: [])
        #expect(numa.pickCPUs(4, in: 0).sorted() == [1, 2, 113, 114])
        #expect(numa.pickCPUs(3, in: 0).sorted() == [0, 1, 113])
        #expect(NUMAPlacement(free: NodeFreeMap(Self.dgx), otherFreeGPUs: []).pickCPUs(3, in: 0).sorted() == [0, 1, 112])
    }

    @Test func withoutSMTEachCPUIsACore() {
        let node = Node.up("flat", .flat(cpus: Array(0..<8), memoryMB: 8_000)).holding(cpus: [1, 3])
        #expect(Self.plan(3, on: node)?.cpus == [0, 2, 4])
    }

    // MARK: Domains

    @Test func cpusAndMemoryComeFromTheGPUsDomain() {
        let plan = Self.plan(8, memoryMB: 64_000, gpus: [5], on: Self.dgx)
        #expect(plan?.domains == [1])
        #expect(plan?.cpus == [56, 57, 58, 59, 168, 169, 170, 171])
        #expect(plan?.memoryMBPerDomain == [64_000])
    }

    @Test func aJobWithGPUsOnBothDomainsGetsCPUsAndMemoryInProportion() {
        let plan = Self.plan(24, memoryMB: 90_000, gpus: [0, 1, 4], on: Self.dgx)
        #expect(plan?.domains == [0, 1])
        #expect(plan?.cpusPerDomain == [16, 8])
        #expect(plan?.memoryMBPerDomain == [60_000, 30_000])
    }

    @Test func cpusSpillToTheNextDomainOnlyForWhatDoesNotFit() {
        let plan = Self.plan(150, gpus: [0], on: Self.dgx)
        #expect(plan?.domains == [0, 1])
        #expect(plan?.cpusPerDomain == [112, 38])
    }

    @Test func memorySpillsWhereCPUsDoNot() {
        let plan = Self.plan(4, memoryMB: 1_572_864, on: Self.dgx)
        #expect(plan?.cpus == [0, 1, 112, 113])
        #expect(plan?.domains == [0, 1])
        #expect(plan?.cpusPerDomain == [4, 0])
        #expect(plan?.memoryMBPerDomain == [1_048_576, 524_288])
    }

    @Test func aCPUJobTakesTheDomainWithFewestFreeGPUsThenTheTightestFit() {
        // Domain 0's GPUs are free; domain 1's are taken: CPU jobs go to domain 1.
        #expect(Self.plan(8, on: Self.dgx.holding(gpus: [4, 5, 6, 7]))?.domains == [1])
        // A CPU node: the fuller domain that still fits.
        let cpuNode = Node.up("cpu", .make(domains: 2, coresPerDomain: 32))
        #expect(Self.plan(8, on: cpuNode.holding(cpus: Array(32..<42)))?.domains == [1])
        #expect(Self.plan(8, on: cpuNode.holding(cpus: Array(32..<64) + Array(96..<124)))?.domains == [0])
        #expect(Self.plan(8, on: cpuNode)?.domains == [0])
    }

    /// 4 domains of 8 cores (16 CPUs): 0 and 1 on socket 0, 2 and 3 on socket 1.
    static let fourDomains = NodeTopology.make(
        domains: 4, coresPerDomain: 8, gpusPerDomain: 1,
        distances: [[10, 12, 32, 32], [12, 10, 32, 32], [32, 32, 10, 12], [32, 32, 12, 10]])

    @Test func spillGoesToTheNearestDomain() {
        let node = Node.up("epyc", Self.fourDomains).holding(cpus: Array(16..<20))   // some of domain 2
        let plan = Self.plan(24, gpus: [0], on: node)
        #expect(plan?.domains == [0, 1])
        #expect(plan?.cpusPerDomain == [16, 8])
    }

    @Test func spillUsesTheFewestExtraDomainsBeforeTheNearest() {
        // Domain 1 (nearest) has 4 free CPUs, domains 2 and 3 have 16: needing 14 more, one far domain beats two.
        let domain1 = Self.fourDomains.cores.filter { $0.numaDomain == 1 }.flatMap(\.cpus)
        let node = Node.up("epyc", Self.fourDomains).holding(cpus: Array(domain1.prefix(12)))
        let plan = Self.plan(30, gpus: [0], on: node)
        #expect(plan?.domains == [0, 2])
        #expect(plan?.cpusPerDomain == [16, 14])
    }

    @Test func aNodeWithoutEnoughFreeCPUsOrMemoryGivesNoPlan() {
        #expect(Self.plan(225, on: Self.dgx) == nil)
        #expect(Self.plan(1, memoryMB: 2_097_153, on: Self.dgx) == nil)
        #expect(Self.plan(224, memoryMB: 2_097_152, on: Self.dgx)?.cpus.count == 224)
    }

    @Test func gpusOfUnknownDomainLeaveTheChoiceToBestFit() {
        let topology = NodeTopology(
            numaDomains: [.init(id: 0, memoryMB: 1_000), .init(id: 1, memoryMB: 1_000)],
            cores: (0..<8).map { .init(cpus: [$0], numaDomain: $0 / 4) },
            gpus: [.init(index: 0, model: "T4", numaDomain: nil)])
        let node = Node.up("vm", topology).holding(cpus: [4])
        #expect(Self.plan(2, gpus: [0], on: node)?.domains == [1])
    }
}
