/// The exact allocation of one node for one job, tried on a snapshot: GPUs by `GPUSetSelection`, then CPUs and
/// memory by `NUMAPlacement` around them. Nothing live changes; the pipeline keeps the trial only if the node
/// is selected.
struct NodeAllocator {
    /// The node's allocation with the facts scorers look at, or nil when it does not fit after all (the
    /// filters compare totals; this checks CPU by CPU and domain by domain).
    static func trial(_ ask: PlacementAsk, on node: Node) -> PlacementCandidate? {
        let inventory = node.inventory
        let topology = inventory.topology
        if ask.exclusive {
            let domains = topology.numaDomains
            let allocation = NodeAllocation(node: node.name, cpus: inventory.cpuIDs, gpus: inventory.gpuIndices,
                                            numaNodes: domains.map(\.id), memoryMB: inventory.memoryMB,
                                            numaMemoryMB: domains.map(\.memoryMB))
            return PlacementCandidate(node: node, allocation: allocation, localCPUs: allocation.cpus.count,
                                      weakestLink: weakestLink(Array(topology.gpus.indices), topology))
        }
        let free = NodeFreeMap(node)
        let memory = ask.memoryMB(on: inventory)
        let cpus = ask.cpus(on: inventory)
        guard free.freeCPUCount >= cpus, free.freeMemoryMB >= memory else { return nil }

        let candidates = ask.eligibleGPUs(on: topology).filter { free.gpuFree[$0] }
        let selection = GPUSetSelection(free: free, cpus: cpus, memoryMB: memory)
        guard let gpus = selection.select(ask.gpus, from: candidates) else { return nil }

        let otherFree = topology.gpus.indices.filter { free.gpuFree[$0] && !gpus.contains($0) }
        let numa = NUMAPlacement(free: free, otherFreeGPUs: otherFree)
        guard let plan = numa.place(cpus: cpus, memoryMB: memory, gpus: gpus) else { return nil }
        // nomultithread: whole cores or nothing (a split core would share its other thread with another job).
        if ask.request.wholeCores == true, !topology.coversWholeCores(plan.cpus) { return nil }

        let gpuDomains = Set(gpus.compactMap { topology.gpuDomain[$0] })
        let local = gpuDomains.isEmpty ? cpus
            : zip(plan.domains, plan.cpusPerDomain).filter { gpuDomains.contains($0.0) }.reduce(0) { $0 + $1.1 }
        let allocation = NodeAllocation(node: node.name, cpus: plan.cpus, gpus: gpus.map { topology.gpus[$0].index },
                                        numaNodes: plan.domains.map { topology.numaDomains[$0].id },
                                        memoryMB: memory, numaMemoryMB: plan.memoryMBPerDomain)
        return PlacementCandidate(node: node, allocation: allocation, localCPUs: local,
                                  weakestLink: weakestLink(gpus, topology))
    }

    private static func weakestLink(_ gpus: [Int], _ topology: NodeTopology) -> Int? {
        guard gpus.count >= 2 else { return nil }
        var weakest = Int.max
        for (i, a) in gpus.enumerated() { for b in gpus[(i + 1)...] { weakest = min(weakest, topology.linkRank(a, b)) } }
        return weakest
    }
}

/// One node that could take the job now, with the exact allocation it would give.
struct PlacementCandidate: Sendable {
    let node: Node
    let allocation: NodeAllocation
    /// CPUs of the allocation in its GPUs' NUMA domains (all of them for a job without GPUs, or GPUs of unknown
    /// domain).
    let localCPUs: Int
    /// The weakest link rank among its GPUs; nil for fewer than two.
    let weakestLink: Int?
}
