/// Reads `sys/devices/system/node`, following hwloc's Linux backend where the kernel's
/// data is ambiguous or wrong (overlapping nodes, CPU-less nodes, GPU memory nodes).
struct NUMANodeReader: Sendable {
    let fs: RootedFileSystem
    let options: SysfsTopologyReader.Options
    /// NUMA node id -> PCI bus id of the NVIDIA GPU whose memory it is.
    let gpuMemoryNodes: [Int: String]
    /// Local CPUs of PCI devices, to place kept GPU memory nodes.
    let pciLocalCPUs: [String: CPUList]

    private let nodeDirectory = "sys/devices/system/node"

    private struct RawNode {
        var id: Int
        var cpus: CPUList
        var localCPUs: CPUList
        var memoryKB: Int
        var gpuMemoryOf: String?
    }

    /// Nodes restricted to `usable` CPUs, or nil when the kernel exposes no NUMA information.
    func read(usable: CPUList) throws(DiscoveryError) -> [NUMANode]? {
        guard fs.isDirectory(nodeDirectory) else { return nil }
        let ids = try nodeIDs()
        guard !ids.isEmpty else { return nil }
        let fakeNUMA = fs.read("proc/cmdline")?.contains("numa=fake=") ?? false
        var slots = try createNodes(ids: ids, allowOverlap: options.keepOverlappingNUMANodes || fakeNUMA)
        let matrix = distanceMatrix(ids: ids)
        locateNodes(&slots, matrix: matrix, useInitiators: options.useNUMAInitiators && !fakeNUMA)
        let kept = slots.indices.filter { slots[$0] != nil }
        return kept.compactMap { index -> NUMANode? in
            guard let node = slots[index] else { return nil }
            let distances = matrix.map { rows in kept.map { rows[index][$0] } } ?? []
            return NUMANode(id: node.id, cpus: node.cpus.intersection(usable),
                            localCPUs: node.localCPUs.intersection(usable),
                            memoryMB: node.memoryKB / 1024, distances: distances,
                            gpuMemoryOf: node.gpuMemoryOf)
        }
    }

    /// `node/online` lists the nodes at once; old kernels only have the `nodeN` directories.
    private func nodeIDs() throws(DiscoveryError) -> [Int] {
        if let online = try fs.readCPUList("\(nodeDirectory)/online"), !online.isEmpty {
            return Array(online)
        }
        return fs.list(nodeDirectory).compactMap { name in
            guard name.hasPrefix("node"), name.count > 4, name.dropFirst(4).allSatisfy(\.isNumber) else { return nil }
            return Int(name.dropFirst(4))
        }.sorted()
    }

    /// One slot per listed node; nil for nodes that are dropped.
    private func createNodes(ids: [Int], allowOverlap: Bool) throws(DiscoveryError) -> [RawNode?] {
        var claimed = CPUList.empty
        var slots: [RawNode?] = []
        for id in ids {
            let base = "\(nodeDirectory)/node\(id)"
            guard let cpus = try fs.readCPUs(list: "\(base)/cpulist", mask: "\(base)/cpumap") else {
                slots.append(nil)
                continue
            }
            // Linux cannot have a CPU in two nodes; a BIOS that says so is wrong, and like
            // hwloc we keep the first node claiming each CPU rather than double-count it.
            if cpus.intersects(claimed) && !allowOverlap {
                slots.append(nil)
                continue
            }
            claimed = claimed.union(cpus)
            if let gpuMemory = try gpuMemoryNode(id: id) {
                slots.append(options.keepGPUMemoryNUMANodes ? gpuMemory : nil)
            } else {
                slots.append(RawNode(id: id, cpus: cpus, localCPUs: cpus, memoryKB: try memoryKB(node: id), gpuMemoryOf: nil))
            }
        }
        return slots
    }

    /// GPU memory exposed as a NUMA node is placed at its GPU, like hwloc does when keeping it.
    private func gpuMemoryNode(id: Int) throws(DiscoveryError) -> RawNode? {
        guard let busID = gpuMemoryNodes[id] else { return nil }
        return RawNode(id: id, cpus: .empty, localCPUs: pciLocalCPUs[busID] ?? .empty,
                       memoryKB: try memoryKB(node: id), gpuMemoryOf: busID)
    }

    /// `Node 0 MemTotal:  5203744 kB`: the first number is the node id, so look for the
    /// token after `MemTotal:` instead.
    private func memoryKB(node id: Int) throws(DiscoveryError) -> Int {
        let path = "\(nodeDirectory)/node\(id)/meminfo"
        guard let text = fs.read(path) else { return 0 }
        guard let value = MeminfoParser.memTotalKB(text) else {
            throw DiscoveryError.malformedFile(path: fs.path(path), reason: "no 'MemTotal: <n> kB' line")
        }
        return value
    }

    /// Full matrix over all listed nodes (dropped ones included, as the kernel writes it),
    /// or nil when any row is missing or short: a partial matrix would mislead placement.
    private func distanceMatrix(ids: [Int]) -> [[Int]]? {
        // SLIT defines the local distance as 10; some kernels write "0" for a lone node.
        guard ids.count > 1 else { return ids.count == 1 ? [[10]] : nil }
        var rows: [[Int]] = []
        for id in ids {
            guard let text = fs.read("\(nodeDirectory)/node\(id)/distance") else { return nil }
            let values = text.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
            guard values.count >= ids.count else { return nil }
            rows.append(Array(values.prefix(ids.count)))
        }
        return rows
    }

    /// Fills `localCPUs`: first nodes that have CPUs (their initiators may add more),
    /// then CPU-less ones, which inherit initiators' CPUs or those of the nearest nodes.
    private func locateNodes(_ slots: inout [RawNode?], matrix: [[Int]]?, useInitiators: Bool) {
        for index in slots.indices where !(slots[index]?.localCPUs.isEmpty ?? true) {
            if useInitiators { _ = addInitiators(&slots, index: index) }
        }
        for index in slots.indices where slots[index]?.localCPUs.isEmpty ?? false {
            let usedInitiators = useInitiators && addInitiators(&slots, index: index)
            if usedInitiators && !(slots[index]?.localCPUs.isEmpty ?? true) { continue }
            if let matrix, options.useDistancesForCPULessNodes {
                addNearest(&slots, index: index, matrix: matrix)
            }
        }
    }

    /// `access1` lists the fastest CPU initiators (Linux >= 5.10); `access0` may include
    /// generic initiators, so it is only the fallback. Returns whether a list was found.
    private func addInitiators(_ slots: inout [RawNode?], index: Int) -> Bool {
        guard var node = slots[index] else { return false }
        let base = "\(nodeDirectory)/node\(node.id)"
        let directory = fs.isDirectory("\(base)/access1/initiators") ? "\(base)/access1/initiators"
            : fs.isDirectory("\(base)/access0/initiators") ? "\(base)/access0/initiators" : nil
        guard let directory else { return false }
        for name in fs.list(directory) where name.hasPrefix("node") {
            guard let initiator = Int(name.dropFirst(4)), initiator != node.id,
                  let other = slots.first(where: { $0?.id == initiator }) ?? nil else { continue }
            node.localCPUs = node.localCPUs.union(other.localCPUs)
        }
        slots[index] = node
        return true
    }

    /// A CPU-less node strictly closer to some nodes than to the others belongs with them.
    private func addNearest(_ slots: inout [RawNode?], index: Int, matrix: [[Int]]) {
        let others = slots.indices.filter { $0 != index && slots[$0] != nil }
        guard let nearest = others.map({ matrix[index][$0] }).min(),
              nearest > matrix[index][index] else { return }
        let closest = others.filter { matrix[index][$0] == nearest }
        guard closest.count < slots.count - 1 else { return }
        let widened = closest.reduce(slots[index]?.localCPUs ?? .empty) { $0.union(slots[$1]?.localCPUs ?? .empty) }
        slots[index]?.localCPUs = widened
    }
}

/// `MemTotal` from `/proc/meminfo` or a node's `meminfo`.
enum MeminfoParser {
    static func memTotalKB(_ text: String) -> Int? {
        for line in text.split(separator: "\n") {
            let tokens = line.split(whereSeparator: \.isWhitespace)
            guard let position = tokens.firstIndex(of: "MemTotal:"), position + 1 < tokens.count else { continue }
            return Int(tokens[position + 1])
        }
        return nil
    }
}
