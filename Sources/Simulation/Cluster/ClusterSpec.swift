import SchedulerCore

/// The simulated cluster: groups of identical nodes, each a declared topology or a `NodeShape`.
public struct ClusterSpec: Hashable, Sendable {
    public struct Group: Hashable, Sendable {
        public var names: [String]
        public var topology: NodeTopology

        public init(names: [String], topology: NodeTopology) {
            self.names = names
            self.topology = topology
        }

        /// `count` nodes named `prefix` + a zero-padded number (`dgx00` … `dgx63`).
        public init(count: Int, prefix: String, topology: NodeTopology) {
            let width = String(max(count - 1, 0)).count
            let names = (0..<max(count, 0)).map { i in
                let number = String(i)
                return prefix + String(repeating: "0", count: max(0, width - number.count)) + number
            }
            self.init(names: names, topology: topology)
        }

        public var count: Int { names.count }
    }

    public var groups: [Group]

    public init(groups: [Group]) { self.groups = groups }

    /// Every node as its agent would register it, in group order.
    public var inventories: [NodeInventory] {
        groups.flatMap { group in
            group.names.map { NodeInventory(name: $0, address: $0 + ".sim", topology: group.topology) }
        }
    }

    public var nodeCount: Int { groups.reduce(0) { $0 + $1.count } }
    public var totalGPUs: Int { groups.reduce(0) { $0 + $1.count * $1.topology.gpus.count } }
    public var totalCPUs: Int { groups.reduce(0) { $0 + $1.count * $1.topology.cpuIDs.count } }
}
