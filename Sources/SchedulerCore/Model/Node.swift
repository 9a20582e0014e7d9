/// What a node agent reported about its machine when it registered.
public struct NodeInventory: Hashable, Sendable, Codable {
    public var name: String
    /// Address the other nodes of a gang reach this one at (MASTER_ADDR).
    public var address: String
    /// The machine: NUMA domains, cores, GPUs and their links. The totals below are read from it, so they
    /// cannot disagree with it.
    public var topology: NodeTopology
    /// Features its agent declares (`nodeagent --feature nvlink`), lower-cased, for `--constraint`; the words of its
    /// GPU model count as features too (`featureSet`).
    public var features: [String] = []

    /// Logical CPU ids jobs may be pinned to, ascending.
    public var cpuIDs: [Int] { topology.cpuIDs }
    public var memoryMB: Int64 { topology.memoryMB }
    /// GPU indices as the node numbers them (what CUDA_VISIBLE_DEVICES takes), ascending.
    public var gpuIndices: [Int] { topology.gpuIndices }
    public var gpuModel: String? { topology.gpuModel }

    public init(name: String, address: String, topology: NodeTopology) {
        self.name = name
        self.address = address
        self.topology = topology
    }

    /// A node without topology information: `NodeTopology.flat`.
    public init(name: String, address: String, cpuIDs: [Int], memoryMB: Int64, gpuIndices: [Int] = [],
                gpuModel: String? = nil) {
        self.init(name: name, address: address,
                  topology: .flat(cpus: cpuIDs, memoryMB: memoryMB, gpus: gpuIndices, gpuModel: gpuModel))
    }

    /// Declared features and GPU model words: what `--constraint` is matched against.
    public var featureSet: Set<String> {
        Set(features).union(topology.gpuModelGroups.flatMap(\.words))
    }

    private enum CodingKeys: String, CodingKey {
        case name, address, topology, features
        // Rows written before the core knew topologies.
        case cpuIDs, memoryMB, gpuIndices, gpuModel
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .name)
        let address = try c.decode(String.self, forKey: .address)
        if let topology = try c.decodeIfPresent(NodeTopology.self, forKey: .topology) {
            self.init(name: name, address: address, topology: topology)
            features = try c.decodeIfPresent([String].self, forKey: .features) ?? []
        } else {
            self.init(name: name, address: address, cpuIDs: try c.decode([Int].self, forKey: .cpuIDs),
                      memoryMB: try c.decode(Int64.self, forKey: .memoryMB),
                      gpuIndices: try c.decodeIfPresent([Int].self, forKey: .gpuIndices) ?? [],
                      gpuModel: try c.decodeIfPresent(String.self, forKey: .gpuModel))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(address, forKey: .address)
        try c.encode(topology, forKey: .topology)
        if !features.isEmpty { try c.encode(features, forKey: .features) }
    }
}

/// Whether a node's agent is alive. An admin's drain or down is a separate order (`Node.control`), so liveness
/// coming and going never lifts it.
public enum NodeStatus: String, Sendable, Codable {
    /// Registered and heartbeating.
    case up = "UP"
    /// Its agent has not been heard from within the heartbeat timeout.
    case down = "DOWN"
}

/// A node as the scheduler knows it: inventory, liveness and what is allocated on it.
public struct Node: Hashable, Sendable, Codable {
    public var inventory: NodeInventory
    public var status: NodeStatus
    /// True while the agent holds an open connection to schedd.
    public var connected: Bool
    public var lastHeard: Instant
    public var allocatedCPUs: Set<Int>
    public var allocatedGPUs: Set<Int>
    public var allocatedMemoryMB: Int64
    /// Memory held per NUMA domain id; sums to `allocatedMemoryMB` (no zero entries, so a state rebuilt from
    /// jobs compares equal to the live one).
    public var allocatedMemoryMBByNUMA: [Int: Int64]
    public var jobs: Set<JobID>
    /// An admin's drain or down order, nil while the node is in service (`resume` clears it).
    public var control: NodeControl?

    public init(inventory: NodeInventory, status: NodeStatus, connected: Bool, lastHeard: Instant) {
        self.inventory = inventory
        self.status = status
        self.connected = connected
        self.lastHeard = lastHeard
        self.allocatedCPUs = []
        self.allocatedGPUs = []
        self.allocatedMemoryMB = 0
        self.allocatedMemoryMBByNUMA = [:]
        self.jobs = []
    }

    public var name: String { inventory.name }
    public var freeCPUs: [Int] { inventory.cpuIDs.filter { !allocatedCPUs.contains($0) } }
    public var freeGPUs: [Int] { inventory.gpuIndices.filter { !allocatedGPUs.contains($0) } }
    public var freeMemoryMB: Int64 { inventory.memoryMB - allocatedMemoryMB }
    public var isIdle: Bool { jobs.isEmpty }
    /// Whether new jobs may be placed here as far as the admin is concerned (liveness is `status`).
    public var inService: Bool { control == nil }

    /// Free memory of one NUMA domain (by id).
    public func freeMemoryMB(numaDomain id: Int) -> Int64 {
        guard let position = inventory.topology.domainPosition(id: id) else { return 0 }
        return max(0, inventory.topology.numaDomains[position].memoryMB - (allocatedMemoryMBByNUMA[id] ?? 0))
    }

    mutating func hold(_ part: NodeAllocation, for job: JobID) {
        allocatedCPUs.formUnion(part.cpus)
        allocatedGPUs.formUnion(part.gpus)
        allocatedMemoryMB += part.memoryMB
        for (domain, memory) in part.memoryByNUMADomain { adjustDomainMemory(domain, by: memory) }
        jobs.insert(job)
    }

    mutating func release(_ part: NodeAllocation, for job: JobID) {
        guard jobs.remove(job) != nil else { return }
        allocatedCPUs.subtract(part.cpus)
        allocatedGPUs.subtract(part.gpus)
        allocatedMemoryMB -= part.memoryMB
        for (domain, memory) in part.memoryByNUMADomain { adjustDomainMemory(domain, by: -memory) }
    }

    private mutating func adjustDomainMemory(_ domain: Int, by delta: Int64) {
        let value = (allocatedMemoryMBByNUMA[domain] ?? 0) + delta
        allocatedMemoryMBByNUMA[domain] = value == 0 ? nil : value
    }
}
