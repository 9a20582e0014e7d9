extension HardwareTopology {
    /// The part of the machine this process may use: disallowed NUMA nodes removed, every
    /// CPU set intersected with `allowedCPUs`, cores and sockets without allowed CPUs
    /// dropped, memory totals recomputed. GPUs are kept (device cgroups are not cpusets);
    /// their `localCPUs` are narrowed, and `numaNode` is kept even when that node is
    /// disallowed, since it still describes where the GPU is.
    public func restrictedToAllowed() -> HardwareTopology {
        let keptPositions = numaNodes.indices.filter { allowedNUMANodes.contains(numaNodes[$0].id) }
        let nodes = keptPositions.map { position -> NUMANode in
            var node = numaNodes[position]
            node.cpus = node.cpus.intersection(allowedCPUs)
            node.localCPUs = node.localCPUs.intersection(allowedCPUs)
            if node.distances.count == numaNodes.count {
                node.distances = keptPositions.map { numaNodes[position].distances[$0] }
            }
            return node
        }
        let keptIDs = Set(nodes.map(\.id))
        var result = self
        result.numaNodes = nodes
        result.sockets = sockets.compactMap { socket in
            let cpus = socket.cpus.intersection(allowedCPUs)
            return cpus.isEmpty ? nil : CPUSocket(id: socket.id, cpus: cpus, numaNodes: socket.numaNodes.filter(keptIDs.contains))
        }
        result.cores = cores.compactMap { core in
            let cpus = core.cpus.intersection(allowedCPUs)
            return cpus.isEmpty ? nil : CPUCore(socket: core.socket, id: core.id, cpus: cpus, numaNode: core.numaNode)
        }
        result.onlineCPUs = onlineCPUs.intersection(allowedCPUs)
        result.totalMemoryMB = nodes.reduce(0) { $0 + $1.memoryMB }
        result.gpus = gpus.map { gpu in
            var narrowed = gpu
            narrowed.localCPUs = gpu.localCPUs.intersection(allowedCPUs)
            return narrowed
        }
        return result
    }

    /// The NUMA node with this id.
    public func numaNode(id: Int) -> NUMANode? {
        numaNodes.first { $0.id == id }
    }

    /// Kernel distance between two nodes (10 = local), nil when unknown.
    public func distance(from source: Int, to target: Int) -> Int? {
        guard let row = numaNodes.first(where: { $0.id == source }),
              let column = numaNodes.firstIndex(where: { $0.id == target }),
              column < row.distances.count else { return nil }
        return row.distances[column]
    }

    /// GPUs attached to a NUMA node.
    public func gpus(onNUMANode id: Int) -> [GPU] {
        gpus.filter { $0.numaNode == id }
    }

    /// Threads per core (1 without SMT); the most common count when cores differ (hybrid CPUs).
    public var threadsPerCore: Int {
        let counts = Dictionary(grouping: cores.map(\.cpus.count), by: { $0 }).mapValues(\.count)
        return counts.max { ($0.value, $0.key) < ($1.value, $1.key) }?.key ?? 1
    }
}
