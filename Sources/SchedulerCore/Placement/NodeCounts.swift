/// A node's sizes and what is allocated on it, as plain numbers: what the filters' count checks
/// (`PlacementFilter.admits`) and the scorers' estimates need, read without copying the node (a `Node` holds a
/// dozen references) on centres of thousands of nodes. The reservation planner builds them for future instants.
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

    init(cpus: Int, allocatedCPUs: Int, gpus: Int, allocatedGPUs: Int, memoryMB: Int64, allocatedMemoryMB: Int64,
         idle: Bool, threadsPerCore: Int) {
        self.cpus = cpus
        self.allocatedCPUs = allocatedCPUs
        self.gpus = gpus
        self.allocatedGPUs = allocatedGPUs
        self.memoryMB = memoryMB
        self.allocatedMemoryMB = allocatedMemoryMB
        self.idle = idle
        self.threadsPerCore = threadsPerCore
    }

    var freeCPUs: Int { cpus - allocatedCPUs }
    var freeGPUs: Int { gpus - allocatedGPUs }
    var freeMemoryMB: Int64 { memoryMB - allocatedMemoryMB }
}
