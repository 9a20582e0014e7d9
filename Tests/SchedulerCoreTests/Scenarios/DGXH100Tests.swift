import Testing
@testable import SchedulerCore

/// The acceptance scenarios of issue 3 on DGX H100-shaped nodes (2 sockets, 2 NUMA nodes, 8 GPUs with 4 per
/// NUMA node, 112 cores with SMT): `NodeTopology.dgxH100()`.
@Suite("DGX H100 placement")
struct DGXH100Tests {
    static let dgx = NodeTopology.dgxH100()

    /// CPU ids of a NUMA domain of the DGX H100.
    static func cpus(ofDomain id: Int) -> Set<Int> {
        Set(dgx.cores.filter { $0.numaDomain == id }.flatMap(\.cpus))
    }

    /// The domain GPU `index` hangs off.
    static func domain(ofGPU index: Int) -> Int { dgx.gpus.first { $0.index == index }!.numaDomain! }

    /// Whether `cpus` is made of whole cores (every SMT sibling of every core it touches).
    static func isWholeCores(_ cpus: [Int]) -> Bool {
        let set = Set(cpus)
        return dgx.cores.allSatisfy { core in core.cpus.allSatisfy(set.contains) || !core.cpus.contains(where: set.contains) }
    }

    @Test func eightOneGPUJobsWithEightCPUsEachGetCoresOnTheirGPUsNUMANode() {
        var cluster = TestCluster()
        cluster.addNode("dgx-01", topology: Self.dgx)
        let jobs = (0..<8).map { _ in cluster.submit(cpus: 8, gpus: 1) }

        var gpusSeen: [Int] = []
        for (k, id) in jobs.enumerated() {
            let job = cluster.job(id)
            #expect(job.state == .running)
            guard let part = job.allocation?.nodes.first, part.gpus.count == 1 else {
                Issue.record("job \(id) has no 1-GPU allocation")
                continue
            }
            let domain = Self.domain(ofGPU: part.gpus[0])
            #expect(Set(part.cpus).isSubset(of: Self.cpus(ofDomain: domain)), "job \(id): CPUs \(part.cpus) off NUMA \(domain)")
            #expect(part.numaNodes == [domain])
            #expect(part.numaMemoryMB == [8 * 1024])
            #expect(part.cpus.count == 8 && Self.isWholeCores(part.cpus), "job \(id): \(part.cpus)")
            // Exactly: GPUs in index order, four whole cores each, packed from the first core of the domain.
            let firstCore = domain * 56 + (k % 4) * 4
            #expect(part.gpus == [k])
            #expect(part.cpus == Array(firstCore..<(firstCore + 4)) + Array((firstCore + 112)..<(firstCore + 116)))
            gpusSeen += part.gpus
        }
        #expect(gpusSeen.sorted() == Array(0..<8))
        #expect(cluster.node("dgx-01").allocatedMemoryMBByNUMA == [0: 4 * 8 * 1024, 1: 4 * 8 * 1024])
    }

    @Test func twoFourGPUJobsEachLandOnOneNUMANode() {
        var cluster = TestCluster()
        cluster.addNode("dgx-01", topology: Self.dgx)
        let first = cluster.submit(cpus: 32, memoryMB: 256_000, gpus: 4)
        let second = cluster.submit(cpus: 32, memoryMB: 256_000, gpus: 4)

        for (id, domain) in [(first, 0), (second, 1)] {
            let job = cluster.job(id)
            #expect(job.state == .running)
            guard let part = job.allocation?.nodes.first else { continue }
            #expect(part.gpus.allSatisfy { Self.domain(ofGPU: $0) == domain }, "\(part.gpus)")
            #expect(part.gpus.count == 4)
            #expect(Set(part.cpus).isSubset(of: Self.cpus(ofDomain: domain)))
            #expect(Self.isWholeCores(part.cpus))
            #expect(part.numaNodes == [domain] && part.numaMemoryMB == [256_000])
        }
    }

    @Test func aOneGPUJobLeavesAWholeNUMANodeForAFourGPUJob() {
        var cluster = TestCluster()
        cluster.addNode("dgx-01", topology: Self.dgx)
        let small = cluster.submit(cpus: 8, gpus: 1)
        let big = cluster.submit(cpus: 32, gpus: 4)
        #expect(cluster.job(small).allocation?.nodes.first?.gpus == [0])
        #expect(cluster.job(big).allocation?.nodes.first?.gpus == [4, 5, 6, 7])
        #expect(cluster.job(big).allocation?.nodes.first?.numaNodes == [1])
    }

    @Test func aTwoNodeEightGPUGangStartsOnBothNodesAtOnceOrWaits() {
        var cluster = TestCluster()
        cluster.addNode("dgx-01", topology: Self.dgx)
        cluster.addNode("dgx-02", topology: Self.dgx)
        let blocker = cluster.submit(cpus: 8, gpus: 1)
        #expect(cluster.job(blocker).allocation?.nodeNames == ["dgx-01"])

        // Waits: one node has only 7 free GPUs, and nothing is held on the other meanwhile.
        let gang = cluster.submit(cpus: 64, gpus: 8, nodes: 2)
        #expect(cluster.job(gang).state == .pending)
        #expect(cluster.job(gang).reason == PendingReason.resources.rawValue)
        #expect(cluster.job(gang).allocation == nil)
        #expect(cluster.node("dgx-02").isIdle && cluster.node("dgx-02").allocatedCPUs.isEmpty)
        #expect(cluster.node("dgx-02").allocatedMemoryMBByNUMA.isEmpty)
        #expect(cluster.launches(of: gang).isEmpty)

        // Starts on both at once, in one decision.
        let fx = cluster.exit(blocker, on: "dgx-01")
        #expect(fx.launches == [Launch(gang, on: "dgx-01"), Launch(gang, on: "dgx-02")])
        let job = cluster.job(gang)
        #expect(job.state == .running)
        for part in job.allocation?.nodes ?? [] {
            #expect(part.gpus == Array(0..<8))
            // 4 GPUs on each NUMA node: the CPUs and memory are shared half and half.
            #expect(Set(part.cpus).intersection(Self.cpus(ofDomain: 0)).count == 32)
            #expect(Set(part.cpus).intersection(Self.cpus(ofDomain: 1)).count == 32)
            #expect(Self.isWholeCores(part.cpus))
            #expect(part.numaNodes == [0, 1] && part.numaMemoryMB == [32 * 1024, 32 * 1024])
        }
        #expect(job.allocation?.nodes.count == 2)
    }

    @Test func aGangNeverStartsOnPartOfItsNodes() {
        var cluster = TestCluster()
        cluster.addNode("dgx-01", topology: Self.dgx)
        cluster.addNode("dgx-02", topology: Self.dgx)
        cluster.disconnect("dgx-02")
        let gang = cluster.submit(cpus: 64, gpus: 8, nodes: 2)
        #expect(cluster.job(gang).reason == PendingReason.nodesDown.rawValue)
        #expect(cluster.node("dgx-01").isIdle)
        cluster.heartbeat("dgx-02")
        #expect(cluster.job(gang).state == .running)
        #expect(cluster.launches(of: gang).map(\.node) == ["dgx-01", "dgx-02"])
    }

    @Test func aCPUOnlyJobTakesWholeCoresOfOneNUMANodeAndSparesGPUNodes() {
        var cluster = TestCluster()
        cluster.addNode("dgx-01", topology: Self.dgx)
        cluster.addNode("cpu-01", topology: .make(domains: 2, coresPerDomain: 32, memoryMBPerDomain: 256_000))
        let cpuJob = cluster.submit(cpus: 12)
        #expect(cluster.job(cpuJob).allocation?.nodeNames == ["cpu-01"])
        #expect(cluster.job(cpuJob).allocation?.nodes.first?.cpus == Array(0..<6) + Array(64..<70))
        #expect(cluster.job(cpuJob).allocation?.nodes.first?.numaNodes == [0])
    }
}
