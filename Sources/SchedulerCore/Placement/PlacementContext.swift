/// What one scheduling cycle computes once for all its placement attempts (architecture anchors §5.4,
/// `CycleContext`): the nodes in name order, and the never-verdicts per request shape.
///
/// Nodes' statuses and inventories do not change during a cycle, only their allocations, so a shape's
/// `Unsatisfiable`/`NodesDown` verdict holds for the whole cycle; a started job's nodes are refreshed with
/// `update`.
struct PlacementContext {
    private(set) var nodes: [Node]
    private(set) var positions: [String: Int]
    private var neverCache: [PlacementShape: PendingReason?] = [:]

    /// `order`: the node names sorted, when the caller already has them (it is checked, not trusted).
    init(nodes: [String: Node], order: [String] = []) {
        let names = order.count == nodes.count && order.allSatisfy { nodes[$0] != nil } ? order : nodes.keys.sorted()
        self.nodes = names.map { nodes[$0]! }
        positions = Dictionary(uniqueKeysWithValues: self.nodes.enumerated().map { ($0.element.name, $0.offset) })
    }

    mutating func update(_ node: Node) {
        guard let position = positions[node.name] else { return }
        nodes[position] = node
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
