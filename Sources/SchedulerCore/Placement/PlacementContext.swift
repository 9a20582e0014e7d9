/// What one scheduling cycle computes once for all its placement attempts (architecture anchors §5.4,
/// `CycleContext`): the nodes in name order, and the never-verdicts per request shape.
///
/// Nodes' statuses and inventories do not change during a cycle, only their allocations, so a shape's
/// `Unsatisfiable`/`NodesDown` verdict holds for the whole cycle; a started job's nodes are refreshed with
/// `update`.
struct PlacementContext: Sendable {
    private(set) var nodes: [Node]
    private(set) var positions: [String: Int]
    /// What each node (by position) has free now, as plain numbers: a pass over them tells whether any node
    /// could take a job at all before the pipeline copies a single node.
    private var free: [FreeCounts] = []

    struct FreeCounts: Sendable {
        var cpus: Int
        var gpus: Int
        var memoryMB: Int64
        var totalMemoryMB: Int64
        var idle: Bool

        init(_ node: Node) {
            cpus = node.inventory.cpuIDs.count - node.allocatedCPUs.count
            gpus = node.inventory.topology.gpus.count - node.allocatedGPUs.count
            memoryMB = node.freeMemoryMB
            totalMemoryMB = node.inventory.memoryMB
            idle = node.isIdle
        }
    }
    private var neverCache: [PlacementShape: PendingReason?] = [:]

    init(nodes: [String: Node]) {
        self.nodes = nodes.keys.sorted().map { nodes[$0]! }
        positions = Dictionary(uniqueKeysWithValues: self.nodes.enumerated().map { ($0.element.name, $0.offset) })
        free = self.nodes.map(FreeCounts.init)
    }

    /// With the node names already sorted and their positions (the plan keeps them between cycles; nodes are
    /// never removed, so the same count means the same names).
    init(nodes: [String: Node], order: [String], positions: [String: Int]) {
        let ordered = order.compactMap { nodes[$0] }
        guard ordered.count == nodes.count, positions.count == nodes.count else {
            self.init(nodes: nodes)
            return
        }
        self.init(ordered: ordered, positions: positions)
    }

    private init(ordered: [Node], positions: [String: Int]) {
        self.nodes = ordered
        self.positions = positions
        free = ordered.map(FreeCounts.init)
    }

    /// A necessary condition for placing `ask` now: at least `needed` nodes have enough CPUs, GPUs (of any
    /// model) and memory free, and are idle if it is exclusive. Reservations only take more away.
    func countsAllow(_ ask: PlacementAsk, nodes needed: Int) -> Bool {
        let memory = ask.request.memoryMBPerNode
        let defaultMemory = Int64(ask.cpus) * ask.defaultMemoryMBPerCPU
        var found = 0
        for counts in free where counts.cpus >= ask.cpus && counts.gpus >= ask.gpus && (!ask.exclusive || counts.idle) {
            let need = memory > 0 ? memory : min(defaultMemory, counts.totalMemoryMB)
            guard counts.memoryMB >= need else { continue }
            found += 1
            if found >= needed { return true }
        }
        return false
    }

    mutating func update(_ node: Node) {
        guard let position = positions[node.name] else { return }
        nodes[position] = node
        free[position] = FreeCounts(node)
    }

    /// `pipeline.neverReason`, memoised per request shape for the cycle.
    mutating func neverReason(_ request: ResourceRequest, _ pipeline: PlacementPipeline) -> PendingReason? {
        let shape = PlacementAsk(request, settings: pipeline.settings).shape
        if let cached = neverCache[shape] { return cached }
        let reason = pipeline.neverReason(request, on: nodes)
        neverCache[shape] = reason
        return reason
    }
}
