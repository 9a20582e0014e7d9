/// A node's sizes and what is allocated on it, as plain numbers: what the count test and the scorers' estimates
/// need, read without copying the node (a `Node` holds a dozen references) on centres of thousands of nodes.
struct NodeCounts: Sendable {
    var cpus: Int
    var allocatedCPUs: Int
    var gpus: Int
    var allocatedGPUs: Int
    var memoryMB: Int64
    var allocatedMemoryMB: Int64
    var idle: Bool
    var threadsPerCore: Int

    init(_ node: Node) {
        let inventory = node.inventory
        cpus = inventory.cpuIDs.count
        allocatedCPUs = node.allocatedCPUs.count
        gpus = inventory.topology.gpus.count
        allocatedGPUs = node.allocatedGPUs.count
        memoryMB = inventory.memoryMB
        allocatedMemoryMB = node.allocatedMemoryMB
        idle = node.isIdle
        threadsPerCore = inventory.topology.threadsPerCore
    }

    var freeCPUs: Int { cpus - allocatedCPUs }
    var freeGPUs: Int { gpus - allocatedGPUs }
    var freeMemoryMB: Int64 { memoryMB - allocatedMemoryMB }

    /// A necessary condition for placing `ask` here now: enough CPUs, GPUs (of any model) and memory free, and
    /// idle for an exclusive job. The filters and the exact allocation decide.
    func mayFit(_ ask: PlacementAsk) -> Bool {
        freeCPUs >= ask.cpus(threadsPerCore: threadsPerCore) && freeGPUs >= ask.gpus && (!ask.exclusive || idle)
            && freeMemoryMB >= ask.memoryMB(onNodeOf: memoryMB)
    }
}
