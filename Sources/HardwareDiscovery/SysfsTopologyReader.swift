/// Builds a `HardwareTopology` from a Linux `/sys` + `/proc` tree below `root`
/// (`"/"` on the live machine, or an unpacked `hwloc-gather-topology` dump).
///
/// Follows hwloc's Linux backend so results match `lstopo` on the same tree: a CPU
/// counts when online and described in sysfs; NUMA nodes whose CPUs overlap an earlier
/// node are dropped; CPU-less nodes are placed by HMAT initiators, then distances; PCI
/// devices are placed by `numa_node`, then `local_cpus`. GPUs come from the NVIDIA
/// driver's `/proc` entries and PCI sysfs, optionally enriched by nvidia-smi output.
public struct SysfsTopologyReader: Sendable {
    /// Choices where hwloc needs an environment variable to differ from its default.
    public struct Options: Sendable, Equatable {
        /// Keep NUMA nodes whose CPUs overlap an earlier node (HWLOC_DEBUG_ALLOW_OVERLAPPING_NODE_CPUSETS).
        public var keepOverlappingNUMANodes: Bool
        /// Keep GPU memory exposed as NUMA nodes (HWLOC_KEEP_NVIDIA_GPU_NUMA_NODES). Off by
        /// default on every architecture (hwloc keeps them except on POWER): that memory
        /// belongs to the GPU and must not be counted as host memory for CPU jobs.
        public var keepGPUMemoryNUMANodes: Bool
        /// Place CPU-less nodes (and widen others) with `accessN/initiators`.
        public var useNUMAInitiators: Bool
        /// Place CPU-less nodes without initiators next to their strictly nearest nodes.
        public var useDistancesForCPULessNodes: Bool

        public init(keepOverlappingNUMANodes: Bool = false, keepGPUMemoryNUMANodes: Bool = false,
                    useNUMAInitiators: Bool = true, useDistancesForCPULessNodes: Bool = true) {
            self.keepOverlappingNUMANodes = keepOverlappingNUMANodes
            self.keepGPUMemoryNUMANodes = keepGPUMemoryNUMANodes
            self.useNUMAInitiators = useNUMAInitiators
            self.useDistancesForCPULessNodes = useDistancesForCPULessNodes
        }
    }

    public let root: String
    public var options: Options
    private let fs: RootedFileSystem

    public init(root: String = "/", options: Options = Options()) {
        self.root = root
        self.options = options
        fs = RootedFileSystem(root: root)
    }

    /// Reads the tree. Pass parsed nvidia-smi output to get UUIDs, names, memory sizes and
    /// nvidia-smi's own indices, and `topo -m` output to get the GPU link matrix.
    public func read(nvidiaSMI: [NvidiaGPURecord]? = nil, nvidiaTopology: NvidiaTopology? = nil) throws(DiscoveryError) -> HardwareTopology {
        let cpus = try CPUTopologyReader(fs: fs).read()
        let allowed = try AllowedResourcesReader(root: root).read()
        let driverGPUs = NvidiaProcReader(fs: fs).read()
        let scanner = PCIDeviceScanner(fs: fs)
        let rawDevices = scanner.scanUnresolved()
        let nodes = try numaNodes(cpus: cpus, driverGPUs: driverGPUs, devices: rawDevices)
        let devices = rawDevices.map { scanner.resolve($0, numaNodes: nodes, usableCPUs: cpus.usable) }
        let gpus = GPUAssembler(pciDevices: devices, driverGPUs: driverGPUs, numaNodes: nodes)
            .assemble(smi: nvidiaSMI, topology: nvidiaTopology)
        try checkUniqueUUIDs(gpus)
        let nodeIDs = CPUList(nodes.map(\.id))
        return HardwareTopology(
            numaNodes: nodes, sockets: sockets(cpus, nodes), cores: cores(cpus, nodes),
            allCPUs: cpus.all, onlineCPUs: cpus.usable,
            allowedCPUs: allowed.cpus.map { cpus.usable.intersection($0) } ?? cpus.usable,
            allowedNUMANodes: allowed.mems.map { nodeIDs.intersection($0) } ?? nodeIDs,
            gpus: gpus, gpuLinks: nvidiaTopology?.gpuLinks)
    }

    private func sockets(_ cpus: CPUInventory, _ nodes: [NUMANode]) -> [CPUSocket] {
        cpus.sockets.map { socket in
            CPUSocket(id: socket.id, cpus: socket.cpus, numaNodes: nodes.filter { $0.cpus.intersects(socket.cpus) }.map(\.id))
        }
    }

    private func cores(_ cpus: CPUInventory, _ nodes: [NUMANode]) -> [CPUCore] {
        cpus.cores.map { core in
            let node = nodes.first { node in core.cpus.first.map(node.cpus.contains) ?? false }
            return CPUCore(socket: core.socket, id: core.id, cpus: core.cpus, numaNode: node?.id)
        }
    }

    private func numaNodes(cpus: CPUInventory, driverGPUs: [NvidiaDriverGPU], devices: [PCIDevice]) throws(DiscoveryError) -> [NUMANode] {
        let gpuMemory = Dictionary(driverGPUs.compactMap { gpu in gpu.memoryNUMANode.map { ($0, gpu.pciBusID) } },
                                   uniquingKeysWith: { first, _ in first })
        let reader = NUMANodeReader(fs: fs, options: options, gpuMemoryNodes: gpuMemory,
                                    pciLocalCPUs: Dictionary(devices.map { ($0.address, $0.localCPUs) },
                                                             uniquingKeysWith: { first, _ in first }))
        if let nodes = try reader.read(usable: cpus.usable), !nodes.isEmpty { return nodes }
        // No NUMA support in the kernel: one node with all CPUs and all memory.
        let memoryKB = fs.read("proc/meminfo").flatMap(MeminfoParser.memTotalKB) ?? 0
        return [NUMANode(id: 0, cpus: cpus.usable, memoryMB: memoryKB / 1024, distances: [10])]
    }

    private func checkUniqueUUIDs(_ gpus: [GPU]) throws(DiscoveryError) {
        var seen: [String: Int] = [:]
        for gpu in gpus {
            guard let uuid = gpu.uuid else { continue }
            if let other = seen[uuid] {
                throw DiscoveryError.inconsistentTopology(reason: "GPUs \(other) and \(gpu.index) report the same UUID \(uuid)")
            }
            seen[uuid] = gpu.index
        }
    }
}
