/// Only nodes that are up, connected and not drained get new work. Runs after the capability filters, so a job
/// that only down nodes could run says `NodesDown`, not `Unsatisfiable`.
struct NodeStateFilter: PlacementFilter {
    var name: String { "NodeState" }
    var stage: PlacementStage { .availability }

    func check(_ ask: PlacementAsk, on node: Node) -> PlacementRejection? {
        switch node.status {
        case .down: return .nodeDown
        case .drain: return .nodeDrained
        case .up: return node.connected ? nil : .nodeDisconnected
        }
    }
}
