extension HardwareTopology {
    /// Contradictions a declared (or hand-edited) topology may contain, one sentence each;
    /// empty when consistent. Discovered topologies satisfy these by construction.
    public func validationProblems() -> [String] {
        nodeProblems() + cpuProblems() + gpuProblems() + linkProblems()
    }

    private func nodeProblems() -> [String] {
        var problems: [String] = []
        if numaNodes.isEmpty { problems.append("no NUMA nodes") }
        problems += duplicates(numaNodes.map(\.id)).map { "NUMA node \($0) is declared twice" }
        var claimed = CPUList.empty
        for node in numaNodes {
            if node.cpus.intersects(claimed) {
                problems.append("NUMA node \(node.id) shares CPUs \(node.cpus.intersection(claimed)) with another node")
            }
            claimed = claimed.union(node.cpus)
            if node.memoryMB < 0 { problems.append("NUMA node \(node.id) has negative memory") }
            if !node.distances.isEmpty && node.distances.count != numaNodes.count {
                problems.append("NUMA node \(node.id) has \(node.distances.count) distances for \(numaNodes.count) nodes")
            }
            if !node.cpus.isSubset(of: onlineCPUs) {
                problems.append("NUMA node \(node.id) lists CPUs \(node.cpus.subtracting(onlineCPUs)) that are not online")
            }
        }
        let ids = CPUList(numaNodes.map(\.id))
        if !allowedNUMANodes.isSubset(of: ids) {
            problems.append("allowedNUMANodes \(allowedNUMANodes.subtracting(ids)) are not NUMA nodes")
        }
        let sum = numaNodes.reduce(0) { $0 + $1.memoryMB }
        if totalMemoryMB != sum { problems.append("totalMemoryMB is \(totalMemoryMB) but the nodes add up to \(sum)") }
        return problems
    }

    private func cpuProblems() -> [String] {
        var problems: [String] = []
        if !onlineCPUs.isSubset(of: allCPUs) { problems.append("online CPUs \(onlineCPUs.subtracting(allCPUs)) are not in allCPUs") }
        if !allowedCPUs.isSubset(of: onlineCPUs) { problems.append("allowed CPUs \(allowedCPUs.subtracting(onlineCPUs)) are not online") }
        problems += duplicates(sockets.map(\.id)).map { "socket \($0) is declared twice" }
        var claimed = CPUList.empty
        let socketIDs = Set(sockets.map(\.id))
        for core in cores {
            if core.cpus.isEmpty { problems.append("core \(core.id) of socket \(core.socket) has no CPUs") }
            if core.cpus.intersects(claimed) { problems.append("CPUs \(core.cpus.intersection(claimed)) belong to two cores") }
            claimed = claimed.union(core.cpus)
            if !sockets.isEmpty && !socketIDs.contains(core.socket) {
                problems.append("core with CPUs \(core.cpus) is in undeclared socket \(core.socket)")
            }
        }
        if !cores.isEmpty && !claimed.isSubset(of: onlineCPUs) {
            problems.append("cores list CPUs \(claimed.subtracting(onlineCPUs)) that are not online")
        }
        return problems
    }

    private func gpuProblems() -> [String] {
        var problems = duplicates(gpus.map(\.index)).map { "GPU index \($0) is declared twice" }
        problems += duplicates(gpus.compactMap(\.uuid)).map { "GPU UUID \($0) is declared twice" }
        problems += duplicates(gpus.map(\.pciBusID)).map { "PCI bus id \($0) is used by two GPUs" }
        let nodeIDs = Set(numaNodes.map(\.id))
        for gpu in gpus {
            if PCIAddress(gpu.pciBusID)?.description != gpu.pciBusID {
                problems.append("GPU \(gpu.index) PCI bus id \"\(gpu.pciBusID)\" is not in the form 0000:17:00.0")
            }
            if let node = gpu.numaNode, !nodeIDs.contains(node) {
                problems.append("GPU \(gpu.index) is on NUMA node \(node), which is not declared")
            }
            if !gpu.localCPUs.isSubset(of: onlineCPUs) {
                problems.append("GPU \(gpu.index) local CPUs \(gpu.localCPUs.subtracting(onlineCPUs)) are not online")
            }
            if let memory = gpu.memoryMB, memory <= 0 { problems.append("GPU \(gpu.index) has no memory") }
        }
        return problems
    }

    private func linkProblems() -> [String] {
        guard let gpuLinks else { return [] }
        let size = gpuLinks.gpuIndices.count
        if Set(gpuLinks.gpuIndices) != Set(gpus.map(\.index)) {
            return ["gpuLinks covers GPUs \(gpuLinks.gpuIndices) but the GPUs are \(gpus.map(\.index))"]
        }
        guard gpuLinks.links.count == size, gpuLinks.links.allSatisfy({ $0.count == size }) else {
            return ["gpuLinks is not a \(size)x\(size) matrix"]
        }
        var problems: [String] = []
        for row in 0..<size {
            if gpuLinks.links[row][row] != .selfLink { problems.append("gpuLinks diagonal at GPU \(gpuLinks.gpuIndices[row]) is not X") }
            for column in 0..<row where gpuLinks.links[row][column] != gpuLinks.links[column][row] {
                problems.append("gpuLinks is not symmetric between GPUs \(gpuLinks.gpuIndices[row]) and \(gpuLinks.gpuIndices[column])")
            }
        }
        return problems
    }

    private func duplicates<T: Hashable & Comparable>(_ values: [T]) -> [T] {
        Dictionary(grouping: values, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
    }
}
