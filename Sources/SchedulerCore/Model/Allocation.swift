/// Exactly which resources of one node a job holds: CPU ids, GPU indices, NUMA nodes and memory.
public struct NodeAllocation: Hashable, Sendable, Codable {
    public var node: String
    /// Ascending.
    public var cpus: [Int]
    /// Ascending.
    public var gpus: [Int]
    /// The NUMA domains (ids, ascending) the job's CPUs and memory come from: what the agent binds its memory to.
    public var numaNodes: [Int]
    /// Memory taken from each of `numaNodes`, in the same order; sums to `memoryMB`. Empty in allocations made
    /// before placement was NUMA-aware.
    public var numaMemoryMB: [Int64]
    public var memoryMB: Int64

    public init(node: String, cpus: [Int], gpus: [Int] = [], numaNodes: [Int] = [], memoryMB: Int64,
                numaMemoryMB: [Int64] = []) {
        self.node = node
        self.cpus = cpus
        self.gpus = gpus
        self.numaNodes = numaNodes
        self.numaMemoryMB = numaMemoryMB
        self.memoryMB = memoryMB
    }

    /// Memory per NUMA domain id, as a node accounts it. An allocation without per-domain figures (older rows)
    /// is charged to its first NUMA node, or to domain 0: the same key when it is held and when it is released.
    var memoryByNUMADomain: [(domain: Int, memoryMB: Int64)] {
        if numaMemoryMB.count == numaNodes.count, !numaNodes.isEmpty {
            return zip(numaNodes, numaMemoryMB).map { ($0, $1) }
        }
        return [(numaNodes.first ?? 0, memoryMB)]
    }

    private enum CodingKeys: String, CodingKey {
        case node, cpus, gpus, numaNodes, numaMemoryMB, memoryMB
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(node: try c.decode(String.self, forKey: .node),
                  cpus: try c.decode([Int].self, forKey: .cpus),
                  gpus: try c.decodeIfPresent([Int].self, forKey: .gpus) ?? [],
                  numaNodes: try c.decodeIfPresent([Int].self, forKey: .numaNodes) ?? [],
                  memoryMB: try c.decode(Int64.self, forKey: .memoryMB),
                  numaMemoryMB: try c.decodeIfPresent([Int64].self, forKey: .numaMemoryMB) ?? [])
    }
}

/// A job's whole allocation. Node order is rank order: the first node is rank 0 (MASTER_ADDR).
public struct Allocation: Hashable, Sendable, Codable {
    public var nodes: [NodeAllocation] {
        didSet { index = NodeNameIndex(nodes.map(\.node)) }
    }
    /// The nodes' names by rank: derived from `nodes`, so neither stored nor compared.
    private(set) var index: NodeNameIndex

    public init(nodes: [NodeAllocation]) {
        self.nodes = nodes
        self.index = NodeNameIndex(nodes.map(\.node))
    }

    public var nodeNames: [String] { index.names }

    /// The node's rank (its index in `nodes`), nil if the job has no part there.
    public func rank(of node: String) -> Int? { index.position(of: node) }

    /// The job's part on the node, nil if it has none there.
    public func part(on node: String) -> NodeAllocation? { rank(of: node).map { nodes[$0] } }

    private enum CodingKeys: String, CodingKey { case nodes }

    public init(from decoder: any Decoder) throws {
        self.init(nodes: try decoder.container(keyedBy: CodingKeys.self).decode([NodeAllocation].self, forKey: .nodes))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(nodes, forKey: .nodes)
    }

    public static func == (lhs: Allocation, rhs: Allocation) -> Bool { lhs.nodes == rhs.nodes }

    public func hash(into hasher: inout Hasher) { hasher.combine(nodes) }
}
