/// A snapshot of what is free on one node, by topology position: which CPU of each core, how many CPUs and how
/// much memory per NUMA domain, which GPUs.
///
/// A value built from a `Node` (one pass over its CPUs), so a trial allocation reads and changes a copy and
/// never the live state. Whole-node snapshots are built only for nodes that passed the filters.
struct NodeFreeMap: Sendable {
    let topology: NodeTopology
    /// Per core: its free CPU ids, ascending.
    private(set) var coreFree: [[Int]]
    /// Per domain: free CPUs and free memory.
    private(set) var domainFreeCPUs: [Int]
    private(set) var domainFreeMemoryMB: [Int64]
    /// Per GPU: free or not.
    private(set) var gpuFree: [Bool]

    init(_ node: Node) {
        let topology = node.inventory.topology
        self.topology = topology
        let allocated = node.allocatedCPUs
        if allocated.isEmpty {
            coreFree = topology.cores.map(\.cpus)
            domainFreeCPUs = topology.domainCPUCount
        } else {
            var freeCounts = Array(repeating: 0, count: topology.numaDomains.count)
            coreFree = topology.cores.indices.map { position in
                let free = topology.cores[position].cpus.filter { !allocated.contains($0) }
                freeCounts[topology.coreDomain[position]] += free.count
                return free
            }
            domainFreeCPUs = freeCounts
        }
        domainFreeMemoryMB = topology.numaDomains.map { node.freeMemoryMB(numaDomain: $0.id) }
        gpuFree = topology.gpus.map { !node.allocatedGPUs.contains($0.index) }
    }

    /// A core all of whose CPUs are free.
    func isWhollyFree(core position: Int) -> Bool {
        coreFree[position].count == topology.cores[position].cpus.count
    }

    var freeCPUCount: Int { domainFreeCPUs.reduce(0, +) }
    var freeMemoryMB: Int64 { domainFreeMemoryMB.reduce(0, +) }
}
