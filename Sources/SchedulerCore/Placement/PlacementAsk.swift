/// A request as placement works with it: the per-node shape, the requested GPU model as words, and the memory
/// the job gets on a given node.
struct PlacementAsk: Sendable {
    let request: ResourceRequest
    let defaultMemoryMBPerCPU: Int64
    /// The requested GPU model's words; nil when any GPU will do (no model, or no GPUs asked for).
    let modelWords: [String]?
    /// The nodes of the job's partitions; nil when it may use any node.
    let partitionNodes: Set<String>?

    init(_ request: ResourceRequest, settings: SchedulerSettings) {
        self.request = request
        defaultMemoryMBPerCPU = settings.defaultMemoryMBPerCPU
        partitionNodes = request.partitions.map { settings.partitions.nodes(in: $0) }
        if request.gpusPerNode > 0, let model = request.gpuModel {
            let words = GPUModelFilter.words(model)
            modelWords = words.isEmpty ? nil : words
        } else {
            modelWords = nil
        }
    }

    /// Hardware threads the job takes on a node whose cores have `threadsPerCore` threads: the CPUs it asked for,
    /// or as many whole cores for `--hint=nomultithread`. Every capacity rule counts CPUs through here.
    func cpus(threadsPerCore: Int) -> Int {
        request.wholeCores == true ? request.cpusPerNode * max(1, threadsPerCore) : request.cpusPerNode
    }

    func cpus(on inventory: NodeInventory) -> Int { cpus(threadsPerCore: inventory.topology.threadsPerCore) }
    var gpus: Int { request.gpusPerNode }
    var exclusive: Bool { request.exclusive }

    /// What the job asks of every node, without its time limit: jobs of one shape get one verdict.
    var shape: PlacementShape {
        PlacementShape(nodes: request.nodes, cpus: request.cpusPerNode, memoryMB: request.memoryMBPerNode,
                       gpus: request.gpusPerNode, gpuModel: modelWords, exclusive: request.exclusive,
                       partitions: request.partitions, constraint: request.constraint,
                       allMemory: request.allMemory == true, wholeCores: request.wholeCores == true)
    }

    /// Memory the job gets on a node: what it asked for, or the default per CPU capped at the node's size.
    func memoryMB(on inventory: NodeInventory) -> Int64 { memoryMB(onNodeOf: inventory.memoryMB) }

    /// The same, for a node of `nodeMemoryMB`.
    func memoryMB(onNodeOf nodeMemoryMB: Int64) -> Int64 {
        if request.allMemory == true { return nodeMemoryMB }
        if request.memoryMBPerNode > 0 { return request.memoryMBPerNode }
        return min(Int64(request.cpusPerNode) * defaultMemoryMBPerCPU, nodeMemoryMB)
    }

    /// Positions (in `topology.gpus`, ascending) of the GPUs of the requested model; every GPU when any model
    /// will do.
    func eligibleGPUs(on topology: NodeTopology) -> [Int] {
        guard let modelWords else { return Array(topology.gpus.indices) }
        let groups = topology.gpuModelGroups.filter { GPUModelFilter.matches(modelWords, $0.words) }
        return groups.count == 1 ? groups[0].positions : groups.flatMap(\.positions).sorted()
    }

    /// How many GPUs of the requested model the node has, and how many of them are free (without building lists).
    func eligibleGPUCounts(on node: Node) -> (total: Int, free: Int) {
        let topology = node.inventory.topology
        guard let modelWords else {
            let free = node.allocatedGPUs.isEmpty ? topology.gpus.count
                : topology.gpus.count { !node.allocatedGPUs.contains($0.index) }
            return (topology.gpus.count, free)
        }
        var total = 0
        var free = 0
        for group in topology.gpuModelGroups where GPUModelFilter.matches(modelWords, group.words) {
            total += group.positions.count
            free += group.positions.count { !node.allocatedGPUs.contains(topology.gpus[$0].index) }
        }
        return (total, free)
    }
}

/// The part of a request that decides where it can run (the time limit does not).
struct PlacementShape: Hashable, Sendable {
    var nodes: Int
    var cpus: Int
    var memoryMB: Int64
    var gpus: Int
    var gpuModel: [String]?
    var exclusive: Bool
    var partitions: [String]?
    var constraint: FeatureConstraint?
    var allMemory: Bool
    var wholeCores: Bool
}
