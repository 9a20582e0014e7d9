import Testing
@testable import SchedulerCore

/// Random machines and random requests: every allocation the pipeline makes is checked against the placement
/// rules, on nodes filled up and drained by the previous allocations.
@Suite("Placement properties")
struct PlacementPropertyTests {
    static let settings = SchedulerSettings(defaultMemoryMBPerCPU: 512)
    static let pipeline = PlacementPipeline(settings: settings)

    /// 1-4 NUMA domains of 2-12 cores (1 or 2 threads, the same on the whole machine), 2-64 GB each, 0-4 GPUs per
    /// domain (uneven), sometimes a GPU of unknown domain, sometimes a random (symmetric) link matrix.
    static func randomTopology(_ rng: inout SplitMix64) -> NodeTopology {
        let domains = rng.int(in: 1...4)
        let threads = rng.int(in: 1...2)
        var coresPerDomain: [Int] = []
        for _ in 0..<domains { coresPerDomain.append(rng.int(in: 2...12)) }
        let totalCores = coresPerDomain.reduce(0, +)
        var cores: [NodeTopology.Core] = []
        var numa: [NodeTopology.NUMADomain] = []
        var gpus: [NodeTopology.GPUDevice] = []
        for d in 0..<domains {
            numa.append(.init(id: d * 2, memoryMB: Int64(rng.int(in: 2...64)) * 1_000, socket: d / 2))
            let first = coresPerDomain.prefix(d).reduce(0, +)
            for c in first..<(first + coresPerDomain[d]) {
                cores.append(.init(cpus: (0..<threads).map { c + $0 * totalCores }, numaDomain: d * 2))
            }
            for _ in 0..<rng.int(in: 0...4) {
                gpus.append(.init(index: gpus.count, model: "H100", numaDomain: rng.percent(10) ? nil : d * 2))
            }
        }
        var ranks: [[Int]]?
        if rng.percent(50) {
            var matrix = Array(repeating: Array(repeating: 10_000, count: gpus.count), count: gpus.count)
            for a in gpus.indices {
                for b in gpus.indices where b > a {
                    let rank = rng.pick([100, 200, 300, 500, 1_004, 1_018])
                    matrix[a][b] = rank
                    matrix[b][a] = rank
                }
            }
            ranks = matrix
        }
        return NodeTopology(numaDomains: numa, cores: cores, gpus: gpus, gpuLinkRanks: ranks)
    }

    static func randomRequest(_ rng: inout SplitMix64, for topology: NodeTopology) -> ResourceRequest {
        let cpus = topology.cpuIDs.count
        return ResourceRequest(cpusPerNode: rng.percent(80) ? rng.int(in: 1...max(1, cpus / 3)) : rng.int(in: 1...cpus),
                               memoryMBPerNode: rng.percent(50) ? 0 : Int64(rng.int(in: 1...40)) * 500,
                               gpusPerNode: topology.gpus.isEmpty || rng.percent(30) ? 0 : rng.int(in: 1...topology.gpus.count))
    }

    /// Everything wrong with `part`, the allocation of `request` on `node` (before it was held).
    static func problems(_ part: NodeAllocation, _ request: ResourceRequest, on node: Node) -> [String] {
        var problems: [String] = []
        let topology = node.inventory.topology
        let free = NodeFreeMap(node)
        let memory = PlacementAsk(request, settings: settings).memoryMB(on: node.inventory)

        // 1. Exactly what was asked, nothing held twice, nothing beyond the node.
        if part.cpus.count != request.cpusPerNode || Set(part.cpus).count != part.cpus.count || part.cpus != part.cpus.sorted() {
            problems.append("CPUs \(part.cpus) for \(request.cpusPerNode)")
        }
        if part.gpus.count != request.gpusPerNode || Set(part.gpus).count != part.gpus.count {
            problems.append("GPUs \(part.gpus) for \(request.gpusPerNode)")
        }
        if !Set(part.cpus).isDisjoint(with: node.allocatedCPUs) || !Set(part.cpus).isSubset(of: topology.cpuIDs) {
            problems.append("CPUs \(part.cpus) double-booked or not on the node")
        }
        if !Set(part.gpus).isDisjoint(with: node.allocatedGPUs) || !Set(part.gpus).isSubset(of: topology.gpuIndices) {
            problems.append("GPUs \(part.gpus) double-booked or not on the node")
        }
        if part.memoryMB != memory || part.numaMemoryMB.reduce(0, +) != memory || part.numaMemoryMB.count != part.numaNodes.count {
            problems.append("memory \(part.numaMemoryMB) on \(part.numaNodes) for \(memory)")
        }
        for (domain, taken) in zip(part.numaNodes, part.numaMemoryMB) where taken > node.freeMemoryMB(numaDomain: domain) {
            problems.append("\(taken) MB from NUMA \(domain), which has \(node.freeMemoryMB(numaDomain: domain)) free")
        }
        let cpuDomain = Dictionary(uniqueKeysWithValues: topology.cores.flatMap { core in core.cpus.map { ($0, core.numaDomain) } })
        let usedDomains = Set(part.cpus.map { cpuDomain[$0]! }).union(zip(part.numaNodes, part.numaMemoryMB).filter { $0.1 > 0 }.map(\.0))
        if Set(part.numaNodes) != usedDomains || part.numaNodes != part.numaNodes.sorted() {
            problems.append("NUMA nodes \(part.numaNodes) ≠ the domains CPUs and memory come from \(usedDomains.sorted())")
        }

        // 2. CPUs and memory from the GPUs' domains whenever they fit there; one domain for a CPU job that fits in one.
        let gpuDomains = Set(part.gpus.compactMap { index in topology.gpus.first { $0.index == index }!.numaDomain })
        let positions = gpuDomains.map { topology.domainPosition(id: $0)! }
        let fitsThere = positions.reduce(0) { $0 + free.domainFreeCPUs[$1] } >= request.cpusPerNode
            && positions.reduce(Int64(0)) { $0 + free.domainFreeMemoryMB[$1] } >= memory
        if !gpuDomains.isEmpty, fitsThere, !Set(part.numaNodes).isSubset(of: gpuDomains) {
            problems.append("GPUs on NUMA \(gpuDomains.sorted()) fit the job there, but it got \(part.numaNodes)")
        }
        let oneDomainFits = topology.numaDomains.indices.contains {
            free.domainFreeCPUs[$0] >= request.cpusPerNode && free.domainFreeMemoryMB[$0] >= memory
        }
        if part.gpus.isEmpty, oneDomainFits, part.numaNodes.count != 1 {
            problems.append("a CPU job that fits one domain spans \(part.numaNodes)")
        }

        // 3. Whole cores before siblings, per domain.
        let taken = Set(part.cpus)
        for (position, domain) in topology.numaDomains.enumerated() {
            let cores = topology.domainCores[position]
            let count = part.cpus.count { cpuDomain[$0] == domain.id }
            guard count > 0, let threads = cores.first.map({ topology.cores[$0].cpus.count }) else { continue }
            let whole = cores.filter { free.isWhollyFree(core: $0) }
            let wholeTaken = whole.count { topology.cores[$0].cpus.allSatisfy(taken.contains) }
            let wholeSplit = whole.count { core in
                let cpus = topology.cores[core].cpus
                return cpus.contains(where: taken.contains) && !cpus.allSatisfy(taken.contains)
            }
            if wholeTaken < min(whole.count, count / threads) {
                problems.append("NUMA \(domain.id): \(wholeTaken) whole cores for \(count) CPUs with \(whole.count) whole free")
            }
            if wholeSplit > (count % threads == 0 ? 0 : 1) {
                problems.append("NUMA \(domain.id): \(wholeSplit) whole cores split for \(count) CPUs")
            }
        }
        return problems
    }

    @Test(arguments: Array(UInt64(1)...60))
    func allocationsFollowThePlacementRules(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let topology = Self.randomTopology(&rng)
        var node = Node.up("n", topology)
        var held: [(JobID, NodeAllocation)] = []
        var placed = 0
        for step in 0..<40 {
            if !held.isEmpty, rng.percent(30) {
                let (id, part) = held.remove(at: rng.below(held.count))
                node.release(part, for: id)
                continue
            }
            let request = Self.randomRequest(&rng, for: topology)
            let outcome = Self.pipeline.place(request, on: [node]).outcome
            guard case .placed(let allocation) = outcome, let part = allocation.nodes.first else { continue }
            let problems = Self.problems(part, request, on: node)
            if !problems.isEmpty {
                Issue.record("seed \(seed) step \(step) \(request): \(problems.joined(separator: "; "))")
                return
            }
            // Deterministic: the same answer again, and on a node rebuilt from its parts in another order.
            var rebuilt = Node.up("n", topology)
            for (id, other) in held.reversed() { rebuilt.hold(other, for: id) }
            #expect(rebuilt == node)
            #expect(Self.pipeline.place(request, on: [rebuilt]).outcome == outcome, "seed \(seed) step \(step)")

            let id = JobID(UInt64(step + 1))
            node.hold(part, for: id)
            held.append((id, part))
            placed += 1
        }
        #expect(placed > 5, "seed \(seed) placed only \(placed) jobs")
    }
}
