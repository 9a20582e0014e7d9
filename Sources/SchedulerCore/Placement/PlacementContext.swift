/// What scheduling cycles compute once for all their placement attempts (architecture anchors §5.4,
/// `CycleContext`): the nodes in name order, their counts, and the never-verdicts per request shape.
///
/// The plan keeps it from cycle to cycle; a started or ended job's nodes are refreshed with `update`. A node
/// that changes status or inventory (registration, timeout, disconnection) drops it (`needFullCycle(nodesChanged:)`),
/// so a shape's `Unsatisfiable`/`NodesDown` verdict, which depends on nothing else, holds while it lives.
struct PlacementContext: Sendable {
    private(set) var nodes: [Node]
    private(set) var positions: [String: Int]
    /// What each node (by position) has and has free now, as plain numbers: placement tests and ranks the
    /// nodes on these before it copies a single node.
    private(set) var counts: [NodeCounts] = []
    private var neverCache: [PlacementShape: PendingReason?] = [:]

    init(nodes: [String: Node]) {
        self.nodes = nodes.keys.sorted().map { nodes[$0]! }
        positions = Dictionary(uniqueKeysWithValues: self.nodes.enumerated().map { ($0.element.name, $0.offset) })
        counts = self.nodes.map(NodeCounts.init)
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
        counts = ordered.map(NodeCounts.init)
    }

    mutating func update(_ node: Node) {
        guard let position = positions[node.name] else { return }
        nodes[position] = node
        counts[position] = NodeCounts(node)
    }

    /// `pipeline.neverReason`, memoised per request shape while the context lives.
    mutating func neverReason(_ request: ResourceRequest, _ pipeline: PlacementPipeline) -> PendingReason? {
        let shape = PlacementAsk(request, settings: pipeline.settings).shape
        if let cached = neverCache[shape] { return cached }
        let reason = pipeline.neverReason(request, on: nodes)
        neverCache[shape] = reason
        return reason
    }
}
