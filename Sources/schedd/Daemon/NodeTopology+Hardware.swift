import HardwareDiscovery
import SchedulerCore
import SchedulerProtocol

/// What the agent discovered (hwloc-like `HardwareTopology`: allowed CPUs, cores with their SMT siblings, NUMA memory
/// and distances, GPUs and their links) as the core's `NodeTopology`: the rules by which discovered hardware becomes
/// schedulable (only allowed CPUs, GPU memory nodes are not host memory, unknown links rank last). Used for agents'
/// registrations and for `schedd simulate`'s topology files.
extension NodeTopology {
    /// The core's view of discovered or declared hardware (also used by `schedd simulate` for topology files); nil
    /// when it holds no usable CPU or host memory domain.
    init?(hardware: HardwareTopology) {
        // The GPU link table is GPUs²: a hostile list of thousands would exhaust memory.
        guard hardware.gpus.count <= RegistrationLimits.maxGPUs else { return nil }
        let usable = hardware.restrictedToAllowed()
        // NUMA nodes that are a GPU's own memory (Grace Hopper, POWER9) are not host memory.
        let kept = usable.numaNodes.indices.filter { usable.numaNodes[$0].gpuMemoryOf == nil }
        let domains = kept.map { position -> NodeTopology.NUMADomain in
            let node = usable.numaNodes[position]
            let distances = node.distances.count == usable.numaNodes.count ? kept.map { node.distances[$0] } : []
            return NodeTopology.NUMADomain(id: node.id, memoryMB: Int64(max(0, node.memoryMB)),
                                           socket: usable.sockets.first { $0.numaNodes.contains(node.id) }?.id,
                                           distances: distances)
        }
        guard let fallbackDomain = domains.first?.id else { return nil }
        func domain(of cpu: Int) -> Int {
            usable.numaNodes.first { $0.gpuMemoryOf == nil && $0.cpus.contains(cpu) }?.id ?? fallbackDomain
        }
        var cores: [NodeTopology.Core] = []
        var covered = Set<Int>()
        for core in usable.cores {
            let cpus = core.cpus.members.filter { usable.allowedCPUs.contains($0) && !covered.contains($0) }
            guard let first = cpus.first else { continue }
            covered.formUnion(cpus)
            cores.append(NodeTopology.Core(cpus: cpus, numaDomain: core.numaNode ?? domain(of: first)))
        }
        // Allowed CPUs the core list does not name (declared files may omit cores): one core each.
        for cpu in usable.allowedCPUs.members where !covered.contains(cpu) {
            cores.append(NodeTopology.Core(cpus: [cpu], numaDomain: domain(of: cpu)))
        }
        guard !cores.isEmpty else { return nil }
        let gpus = usable.gpus.map {
            NodeTopology.GPUDevice(index: $0.index, model: $0.model, memoryMB: Int64(max(0, $0.memoryMB ?? 0)),
                                   numaDomain: $0.numaNode)
        }
        let ranks = usable.gpuLinks.map { matrix in
            usable.gpus.map { a in usable.gpus.map { b in matrix.link(a.index, b.index)?.rank ?? GPULinkKind.unknown.rank } }
        }
        self.init(numaDomains: domains, cores: cores, gpus: gpus, gpuLinkRanks: ranks)
    }
}
