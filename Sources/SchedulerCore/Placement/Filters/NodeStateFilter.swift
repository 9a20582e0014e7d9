/// Only nodes that are up, connected and in service (no admin drain or down) get new work. Runs after the capability filters, so a job
/// that only down nodes could run says `NodesDown`, not `Unsatisfiable`.
struct NodeStateFilter: PlacementFilter {
    var name: String { "NodeState" }
    var stage: PlacementStage { .availability }

    func check(_ ask: PlacementAsk, on node: Node) -> PlacementRejection? {
        if let control = node.control { return control.state == .drain ? .nodeDrained : .nodeDown }
        switch node.status {
        case .down: return .nodeDown
        case .up: return node.connected ? nil : .nodeDisconnected
        }
    }
}
