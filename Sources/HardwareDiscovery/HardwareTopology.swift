/// What one node offers the scheduler: CPUs, NUMA memory and GPUs, with locality.
///
/// Produced by `SysfsTopologyReader` / `LocalDiscovery` on a live machine or a dump,
/// or declared in a JSON file (`TopologyFile`) for simulation and tests. The
/// *complete* machine is described; what this process may actually use is in
/// `allowedCPUs` / `allowedNUMANodes`, and `restrictedToAllowed()` applies them.
public struct HardwareTopology: Codable, Sendable, Equatable {
    /// NUMA nodes sorted by id. A machine without NUMA support has one node, 0.
    public var numaNodes: [NUMANode]
    /// Physical packages sorted by id.
    public var sockets: [CPUSocket]
    /// Physical cores (each with its SMT siblings), sorted by first CPU.
    public var cores: [CPUCore]
    /// Every logical CPU the kernel knows (`sys/devices/system/cpu/cpuN`), online or not.
    public var allCPUs: CPUList
    /// CPUs that are online and have topology information: the ones that can run work.
    public var onlineCPUs: CPUList
    /// Online CPUs this process may use (cgroup cpuset and affinity applied).
    public var allowedCPUs: CPUList
    /// NUMA node ids this process may allocate memory from (cgroup `mems`).
    public var allowedNUMANodes: CPUList
    /// Sum of `numaNodes` memory.
    public var totalMemoryMB: Int
    /// GPUs sorted by index.
    public var gpus: [GPU]
    /// How GPUs are connected to each other, when known (`nvidia-smi topo -m` or declared).
    public var gpuLinks: GPULinkMatrix?

    public init(numaNodes: [NUMANode], sockets: [CPUSocket], cores: [CPUCore],
                allCPUs: CPUList, onlineCPUs: CPUList, allowedCPUs: CPUList,
                allowedNUMANodes: CPUList, totalMemoryMB: Int? = nil,
                gpus: [GPU] = [], gpuLinks: GPULinkMatrix? = nil) {
        self.numaNodes = numaNodes
        self.sockets = sockets
        self.cores = cores
        self.allCPUs = allCPUs
        self.onlineCPUs = onlineCPUs
        self.allowedCPUs = allowedCPUs
        self.allowedNUMANodes = allowedNUMANodes
        self.totalMemoryMB = totalMemoryMB ?? numaNodes.reduce(0) { $0 + $1.memoryMB }
        self.gpus = gpus
        self.gpuLinks = gpuLinks
    }

    /// Declared files may leave out what follows from the NUMA nodes: online, all and
    /// allowed CPUs default to the nodes' CPUs, allowed nodes to all nodes, total memory
    /// to the nodes' sum.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let nodes = try c.decode([NUMANode].self, forKey: .numaNodes)
        let nodeCPUs = nodes.reduce(CPUList.empty) { $0.union($1.cpus) }
        let online = try c.decodeIfPresent(CPUList.self, forKey: .onlineCPUs) ?? nodeCPUs
        self.init(numaNodes: nodes,
                  sockets: try c.decodeIfPresent([CPUSocket].self, forKey: .sockets) ?? [],
                  cores: try c.decodeIfPresent([CPUCore].self, forKey: .cores) ?? [],
                  allCPUs: try c.decodeIfPresent(CPUList.self, forKey: .allCPUs) ?? online,
                  onlineCPUs: online,
                  allowedCPUs: try c.decodeIfPresent(CPUList.self, forKey: .allowedCPUs) ?? online,
                  allowedNUMANodes: try c.decodeIfPresent(CPUList.self, forKey: .allowedNUMANodes) ?? CPUList(nodes.map(\.id)),
                  totalMemoryMB: try c.decodeIfPresent(Int.self, forKey: .totalMemoryMB),
                  gpus: try c.decodeIfPresent([GPU].self, forKey: .gpus) ?? [],
                  gpuLinks: try c.decodeIfPresent(GPULinkMatrix.self, forKey: .gpuLinks))
    }
}

/// One NUMA node: a pool of memory and the CPUs closest to it.
public struct NUMANode: Codable, Sendable, Equatable, Identifiable {
    /// Kernel node number (`nodeN`); not necessarily dense (e.g. 0, 8, 250).
    public var id: Int
    /// Online CPUs the kernel attaches to this node; empty for memory-only nodes (HBM, NVM, CXL).
    public var cpus: CPUList
    /// CPUs with the fastest access to this memory. Equals `cpus` for ordinary nodes;
    /// for memory-only nodes it comes from the firmware's initiators or, failing that,
    /// from the nearest nodes by distance, as hwloc does. Empty when unknown.
    public var localCPUs: CPUList
    /// `MemTotal` of the node.
    public var memoryMB: Int
    /// Relative distances (10 = local) to every node, in the order of `HardwareTopology.numaNodes`.
    /// Empty when the kernel gives none or an inconsistent matrix.
    public var distances: [Int]
    /// PCI bus id of the GPU whose on-board memory this node is (POWER9/Grace coherent GPU memory).
    public var gpuMemoryOf: String?

    public init(id: Int, cpus: CPUList, localCPUs: CPUList? = nil, memoryMB: Int,
                distances: [Int] = [], gpuMemoryOf: String? = nil) {
        self.id = id
        self.cpus = cpus
        self.localCPUs = localCPUs ?? cpus
        self.memoryMB = memoryMB
        self.distances = distances
        self.gpuMemoryOf = gpuMemoryOf
    }

    // Declared files may omit derived fields; default them the way `init` does.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let cpus = try c.decodeIfPresent(CPUList.self, forKey: .cpus) ?? .empty
        self.init(id: try c.decode(Int.self, forKey: .id),
                  cpus: cpus,
                  localCPUs: try c.decodeIfPresent(CPUList.self, forKey: .localCPUs),
                  memoryMB: try c.decode(Int.self, forKey: .memoryMB),
                  distances: try c.decodeIfPresent([Int].self, forKey: .distances) ?? [],
                  gpuMemoryOf: try c.decodeIfPresent(String.self, forKey: .gpuMemoryOf))
    }
}

/// A physical package (socket).
public struct CPUSocket: Codable, Sendable, Equatable, Identifiable {
    /// `physical_package_id`.
    public var id: Int
    /// Online logical CPUs of the package.
    public var cpus: CPUList
    /// NUMA nodes whose CPUs are in this package.
    public var numaNodes: [Int]

    public init(id: Int, cpus: CPUList, numaNodes: [Int]) {
        self.id = id
        self.cpus = cpus
        self.numaNodes = numaNodes
    }
}

/// A physical core and its hardware threads.
public struct CPUCore: Codable, Sendable, Equatable {
    /// Package the core is in.
    public var socket: Int
    /// `core_id` as the kernel reports it: unique only within a package (and on some
    /// architectures only within a die or cluster), so identify cores by `cpus`.
    public var id: Int
    /// Online logical CPUs of this core: its SMT siblings, `cpus.count` is the thread count.
    public var cpus: CPUList
    /// NUMA node of the core's CPUs, nil when no node lists them.
    public var numaNode: Int?

    public init(socket: Int, id: Int, cpus: CPUList, numaNode: Int?) {
        self.socket = socket
        self.id = id
        self.cpus = cpus
        self.numaNode = numaNode
    }
}
