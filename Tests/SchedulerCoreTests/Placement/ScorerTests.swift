import Testing
@testable import SchedulerCore

@Suite("Placement scorers")
struct ScorerTests {
    static let settings = SchedulerSettings()

    static func ask(cpus: Int = 1, memoryMB: Int64 = 0, gpus: Int = 0) -> PlacementAsk {
        PlacementAsk(ResourceRequest(cpusPerNode: cpus, memoryMBPerNode: memoryMB, gpusPerNode: gpus), settings: settings)
    }

    /// The candidate the allocator makes for `ask` on `node`.
    static func candidate(_ ask: PlacementAsk, _ node: Node) -> PlacementCandidate {
        NodeAllocator.trial(ask, on: node)!
    }

    @Test func bestFitPrefersTheFullerNodeAndWeighsGPUsDouble() {
        let scorer = BestFitScorer()
        let empty = Node.up("a", .make(domains: 1, coresPerDomain: 4, threadsPerCore: 1, memoryMBPerDomain: 4_096, gpusPerDomain: 4))
        let ask = Self.ask(cpus: 1, memoryMB: 1_024, gpus: 1)
        // CPU 1/4, memory 1/4, GPU 1/4 → 25.
        #expect(scorer.score(ask, Self.candidate(ask, empty)) == 25)
        // With 2 CPUs, 2 GB and 2 GPUs already used: all at 3/4 → 75.
        let used = empty.holding(cpus: [0, 1], gpus: [0, 1], memoryMBByDomain: [0: 2_048])
        #expect(scorer.score(ask, Self.candidate(ask, used)) == 75)
        // A node filled to the brim scores 100.
        let last = empty.holding(cpus: [0, 1, 2], gpus: [0, 1, 2], memoryMBByDomain: [0: 3_072])
        #expect(scorer.score(ask, Self.candidate(ask, last)) == 100)
        // GPUs count double: CPUs at 1/4, memory at 1/4, GPUs at 4/4 → (25 + 25 + 2 × 100) / 4 = 62.5 → 63.
        let gpusUsed = empty.holding(gpus: [0, 1, 2])
        #expect(scorer.score(ask, Self.candidate(ask, gpusUsed)) == 63)
    }

    @Test func numaLocalityIsTheLocalShareOverTheDomainsSpanned() {
        let scorer = NUMALocalityScorer()
        let dgx = Node.up("dgx", .dgxH100())
        #expect(scorer.score(Self.ask(cpus: 8, gpus: 1), Self.candidate(Self.ask(cpus: 8, gpus: 1), dgx)) == 100)
        // 8 GPUs: CPUs are local but the job spans both domains.
        #expect(scorer.score(Self.ask(cpus: 16, gpus: 8), Self.candidate(Self.ask(cpus: 16, gpus: 8), dgx)) == 50)
        // Domain 0 has 4 free CPUs: a job on GPU 0 needing 8 gets 4 local, 4 remote, over 2 domains → 25.
        let domain0 = dgx.inventory.topology.cores.filter { $0.numaDomain == 0 }.flatMap(\.cpus)
        let crowded = dgx.holding(cpus: Array(domain0.dropFirst(4)), gpus: [1, 2, 3, 4, 5, 6, 7])
        let ask = Self.ask(cpus: 8, gpus: 1)
        let candidate = Self.candidate(ask, crowded)
        #expect(candidate.allocation.gpus == [0] && candidate.localCPUs == 4)
        #expect(scorer.score(ask, candidate) == 25)
        // All remote.
        let noLocal = dgx.holding(cpus: domain0, gpus: [1, 2, 3, 4, 5, 6, 7])
        #expect(scorer.score(ask, Self.candidate(ask, noLocal)) == 0)
    }

    @Test func gpuLinkScoresTheWeakestLink() throws {
        let scorer = GPULinkScorer()
        let a40 = Node.up("a40", try .a40NVLinkPairs())
        #expect(scorer.score(Self.ask(gpus: 1), Self.candidate(Self.ask(gpus: 1), a40)) == 100)
        #expect(scorer.score(Self.ask(gpus: 2), Self.candidate(Self.ask(gpus: 2), a40)) == 100)       // NV4
        #expect(scorer.score(Self.ask(gpus: 4), Self.candidate(Self.ask(gpus: 4), a40)) == 20)        // NODE
        #expect(scorer.score(Self.ask(gpus: 6), Self.candidate(Self.ask(gpus: 6), a40)) == 10)        // SYS
        let pcie = Node.up("pcie", .make(domains: 1, coresPerDomain: 8, gpusPerDomain: 2))
        #expect(scorer.score(Self.ask(gpus: 2), Self.candidate(Self.ask(gpus: 2), pcie)) == 20)
    }

    @Test func gpuSparingKeepsCPUJobsOffFreeGPUs() {
        let scorer = GPUSparingScorer()
        let cpuAsk = Self.ask(cpus: 2)
        let gpuNode = Node.up("gpu", .make(domains: 1, coresPerDomain: 8, gpusPerDomain: 4))
        let cpuNode = Node.up("cpu", .make(domains: 1, coresPerDomain: 8))
        #expect(scorer.score(cpuAsk, Self.candidate(cpuAsk, cpuNode)) == 100)
        #expect(scorer.score(cpuAsk, Self.candidate(cpuAsk, gpuNode)) == 0)
        #expect(scorer.score(cpuAsk, Self.candidate(cpuAsk, gpuNode.holding(gpus: [0, 1, 2]))) == 75)
        #expect(scorer.score(cpuAsk, Self.candidate(cpuAsk, gpuNode.holding(gpus: [0, 1, 2, 3]))) == 100)
        let gpuAsk = Self.ask(cpus: 2, gpus: 1)
        #expect(scorer.score(gpuAsk, Self.candidate(gpuAsk, gpuNode)) == 100)
    }

    @Test func theTotalIsTheWeightedSumOfClampedScores() {
        struct Fixed: PlacementScorer {
            var value: Int
            var weight: Int
            var name: String { "Fixed" }
            func score(_ ask: PlacementAsk, _ candidate: PlacementCandidate) -> Int { value }
        }
        let pipeline = PlacementPipeline(settings: Self.settings, scorers: [Fixed(value: 40, weight: 2), Fixed(value: 250, weight: 1),
                                                                           Fixed(value: -5, weight: 3)])
        let node = Node.up("n", .make(domains: 1, coresPerDomain: 2))
        #expect(pipeline.total(Self.ask(), Self.candidate(Self.ask(), node)) == 80 + 100 + 0)
    }
}
