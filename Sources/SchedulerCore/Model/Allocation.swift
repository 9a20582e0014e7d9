/// Exactly which resources of one node a job holds: CPU ids, GPU indices, NUMA nodes and memory.
public struct NodeAllocation: Hashable, Sendable, Codable {
    public var node: String
    public var cpus: [Int]
    public var gpus: [Int]
    public var numaNodes: [Int]
    public var memoryMB: Int64

    public init(node: String, cpus: [Int], gpus: [Int] = [], numaNodes: [Int] = [], memoryMB: Int64) {
        self.node = node
        self.cpus = cpus
        self.gpus = gpus
        self.numaNodes = numaNodes
        self.memoryMB = memoryMB
    }
}

/// A job's whole allocation. Node order is rank order: the first node is rank 0 (MASTER_ADDR).
public struct Allocation: Hashable, Sendable, Codable {
    public var nodes: [NodeAllocation]
    public init(nodes: [NodeAllocation]) { self.nodes = nodes }

    public var nodeNames: [String] { nodes.map(\.node) }

    public func rank(of node: String) -> Int? { nodes.firstIndex { $0.node == node } }
}
