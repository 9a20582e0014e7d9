/// What a node agent reported about its machine when it registered.
public struct NodeInventory: Hashable, Sendable, Codable {
    public var name: String
    /// Address the other nodes of a gang reach this one at (MASTER_ADDR).
    public var address: String
    /// Logical CPU ids jobs may be pinned to.
    public var cpuIDs: [Int]
    public var memoryMB: Int64
    /// GPU indices as the node numbers them (what CUDA_VISIBLE_DEVICES takes).
    public var gpuIndices: [Int]
    public var gpuModel: String?
    /// The agent's hardware description (NUMA, GPUs, links), kept opaque by the core for now.
    public var topologyJSON: String

    public init(name: String, address: String, cpuIDs: [Int], memoryMB: Int64, gpuIndices: [Int] = [],
                gpuModel: String? = nil, topologyJSON: String = "") {
        self.name = name
        self.address = address
        self.cpuIDs = cpuIDs
        self.memoryMB = memoryMB
        self.gpuIndices = gpuIndices
        self.gpuModel = gpuModel
        self.topologyJSON = topologyJSON
    }
}

/// Whether the scheduler may place work on a node.
public enum NodeStatus: String, Sendable, Codable {
    /// Registered and heartbeating.
    case up = "UP"
    /// Its agent has not been heard from within the heartbeat timeout.
    case down = "DOWN"
    /// An admin took it out of service: running jobs finish, nothing new starts.
    case drain = "DRAIN"
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
    public var jobs: Set<JobID>

    public init(inventory: NodeInventory, status: NodeStatus, connected: Bool, lastHeard: Instant) {
        self.inventory = inventory
        self.status = status
        self.connected = connected
        self.lastHeard = lastHeard
        self.allocatedCPUs = []
        self.allocatedGPUs = []
        self.allocatedMemoryMB = 0
        self.jobs = []
    }

    public var name: String { inventory.name }
    public var freeCPUs: [Int] { inventory.cpuIDs.filter { !allocatedCPUs.contains($0) } }
    public var freeGPUs: [Int] { inventory.gpuIndices.filter { !allocatedGPUs.contains($0) } }
    public var freeMemoryMB: Int64 { inventory.memoryMB - allocatedMemoryMB }
    public var isIdle: Bool { jobs.isEmpty }

    mutating func hold(_ part: NodeAllocation, for job: JobID) {
        allocatedCPUs.formUnion(part.cpus)
        allocatedGPUs.formUnion(part.gpus)
        allocatedMemoryMB += part.memoryMB
        jobs.insert(job)
    }

    mutating func release(_ part: NodeAllocation, for job: JobID) {
        guard jobs.remove(job) != nil else { return }
        allocatedCPUs.subtract(part.cpus)
        allocatedGPUs.subtract(part.gpus)
        allocatedMemoryMB -= part.memoryMB
    }
}
