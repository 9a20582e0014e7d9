import SchedulerProtocol

/// `aisubmit nodes --summary` (like `sinfo -s`): nodes grouped by state and GPU model, with their counts added up.
public struct NodeSummary: Equatable, Sendable {
    /// The state as printed, `*` marking nodes whose agent does not respond (as sinfo).
    public var state: String
    public var gpuModel: String
    /// In the order the nodes came (by name).
    public var nodes: [String] = []
    public var gpusFree: UInt64 = 0
    public var gpusTotal: UInt64 = 0
    public var cpusFree: UInt64 = 0
    public var cpusTotal: UInt64 = 0
    public var memoryMBFree: UInt64 = 0
    public var memoryMBTotal: UInt64 = 0

    public init(state: String, gpuModel: String) {
        self.state = state
        self.gpuModel = gpuModel
    }

    /// One group per state and GPU model: in service first (idle, mixed, allocated), then out of it, each state's
    /// models by name.
    public static func groups(_ nodes: [NodeInfo]) -> [NodeSummary] {
        var groups: [NodeSummary] = []
        for node in nodes {
            let state = node.displayState
            let index = groups.firstIndex { $0.state == state && $0.gpuModel == node.gpuModel } ?? {
                groups.append(NodeSummary(state: state, gpuModel: node.gpuModel))
                return groups.count - 1
            }()
            groups[index].add(node)
        }
        return groups.sorted { ($0.rank, $0.state, $0.gpuModel) < ($1.rank, $1.state, $1.gpuModel) }
    }

    mutating func add(_ node: NodeInfo) {
        nodes.append(node.name)
        gpusFree += UInt64(node.gpusFree)
        gpusTotal += UInt64(node.gpusTotal)
        cpusFree += UInt64(node.cpusFree)
        cpusTotal += UInt64(node.cpusTotal)
        memoryMBFree += node.memoryMBFree
        memoryMBTotal += node.memoryMBTotal
    }

    static let stateOrder = ["idle", "mixed", "allocated", "draining", "drained", "down"]

    private var rank: Int {
        Self.stateOrder.firstIndex(of: String(state.prefix { $0 != "*" })) ?? Self.stateOrder.count
    }
}

extension NodeInfo {
    /// sinfo's way: the state, with `*` when the node's agent does not respond.
    public var displayState: String { state + (notResponding ? "*" : "") }
}
