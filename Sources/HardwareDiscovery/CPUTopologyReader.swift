/// Logical CPUs, cores and packages as found in `sys/devices/system/cpu`.
struct CPUInventory: Sendable {
    /// Every `cpuN` directory (hwloc's "complete" set).
    var all: CPUList
    /// Online CPUs with topology information: hwloc's PUs.
    var usable: CPUList
    var sockets: [(id: Int, cpus: CPUList)]
    var cores: [(socket: Int, id: Int, cpus: CPUList)]
}

/// Reads CPUs the way hwloc's Linux backend does: a CPU counts when it is online
/// (`cpu/online`, else `cpuN/online`) and has a `topology` directory.
struct CPUTopologyReader: Sendable {
    let fs: RootedFileSystem
    private let cpuDirectory = "sys/devices/system/cpu"

    func read() throws(DiscoveryError) -> CPUInventory {
        let all = CPUList(fs.list(cpuDirectory).compactMap(cpuNumber))
        let usable = try usableCPUs(all: all)
        guard !usable.isEmpty else { throw DiscoveryError.noCPUsFound(root: fs.root) }
        let details = try usable.map { cpu throws(DiscoveryError) in try describe(cpu, usable: usable) }
        return CPUInventory(all: all.isEmpty ? usable : all, usable: usable,
                            sockets: sockets(from: details), cores: cores(from: details))
    }

    private func usableCPUs(all: CPUList) throws(DiscoveryError) -> CPUList {
        guard !all.isEmpty else { return try cpuinfoFallback() }
        let online = try onlineCPUs(all: all)
        let withTopology = online.filter { fs.isDirectory("\(cpuDirectory)/cpu\($0)/topology") }
        // Kernels without per-CPU topology (very old or exotic ones) still list their CPUs.
        return withTopology.isEmpty ? online : CPUList(withTopology)
    }

    private func onlineCPUs(all: CPUList) throws(DiscoveryError) -> CPUList {
        if let online = try fs.readCPUList("\(cpuDirectory)/online") {
            return online.intersection(all)
        }
        // cpu0 usually has no `online` file because it cannot be unplugged.
        return CPUList(all.filter { fs.read("\(cpuDirectory)/cpu\($0)/online")?.trimmingWhitespace() != "0" })
    }

    /// No `cpuN` directory at all: count `processor` lines like hwloc's fallback.
    private func cpuinfoFallback() throws(DiscoveryError) -> CPUList {
        if let online = try fs.readCPUList("\(cpuDirectory)/online"), !online.isEmpty { return online }
        guard let cpuinfo = fs.read("proc/cpuinfo") else { return .empty }
        let processors = cpuinfo.split(separator: "\n").filter {
            $0.split(separator: ":").first?.trimmingWhitespace() == "processor"
        }
        return CPUList(0..<processors.count)
    }

    private struct CPUDetail {
        var cpu: Int
        var packageID: Int?
        var coreID: Int?
        var siblings: CPUList
    }

    private func describe(_ cpu: Int, usable: CPUList) throws(DiscoveryError) -> CPUDetail {
        let topology = "\(cpuDirectory)/cpu\(cpu)/topology"
        var siblings = try fs.readCPUs(list: "\(topology)/core_cpus_list", mask: "\(topology)/core_cpus")
        if siblings == nil {
            siblings = try fs.readCPUs(list: "\(topology)/thread_siblings_list", mask: "\(topology)/thread_siblings")
        }
        let ownCore = siblings?.intersection(usable) ?? [cpu]
        let packageID = fs.readInt("\(topology)/physical_package_id").flatMap { $0 >= 0 ? $0 : nil }
        let coreID = fs.readInt("\(topology)/core_id").flatMap { $0 >= 0 ? $0 : nil }
        return CPUDetail(cpu: cpu, packageID: packageID, coreID: coreID,
                         siblings: ownCore.contains(cpu) ? ownCore : ownCore.union([cpu]))
    }

    /// Packages by `physical_package_id`; merging equal ids also repairs kernels that split
    /// one package's `core_siblings` in two (hwloc does the same on x86).
    private func sockets(from details: [CPUDetail]) -> [(id: Int, cpus: CPUList)] {
        var byID: [Int: [Int]] = [:]
        for detail in details { byID[detail.packageID ?? 0, default: []].append(detail.cpu) }
        return byID.keys.sorted().map { (id: $0, cpus: CPUList(byID[$0] ?? [])) }
    }

    /// Cores from SMT sibling sets. Threads of one sibling set that report different
    /// `core_id`s are separate cores (AMD Bulldozer compute units), as in hwloc.
    private func cores(from details: [CPUDetail]) -> [(socket: Int, id: Int, cpus: CPUList)] {
        struct Key: Hashable { var socket: Int; var siblings: CPUList; var coreID: Int? }
        var groups: [Key: [Int]] = [:]
        let coreIDsBySiblings = Dictionary(grouping: details, by: \.siblings)
            .mapValues { Set($0.map(\.coreID)).count }
        for detail in details {
            let splitByCoreID = (coreIDsBySiblings[detail.siblings] ?? 1) > 1
            let key = Key(socket: detail.packageID ?? 0, siblings: detail.siblings,
                          coreID: splitByCoreID ? detail.coreID : nil)
            groups[key, default: []].append(detail.cpu)
        }
        let coreIDs = Dictionary(uniqueKeysWithValues: details.map { ($0.cpu, $0.coreID) })
        return groups.map { key, cpus in
            let list = CPUList(cpus)
            let first = list.first ?? 0
            // Without `core_id` the first CPU number is the only stable name the core has.
            return (socket: key.socket, id: (coreIDs[first] ?? nil) ?? first, cpus: list)
        }.sorted { ($0.cpus.first ?? 0) < ($1.cpus.first ?? 0) }
    }

    private func cpuNumber(_ name: String) -> Int? {
        guard name.hasPrefix("cpu") else { return nil }
        let digits = name.dropFirst(3)
        guard !digits.isEmpty, digits.allSatisfy(\.isNumber) else { return nil }
        return Int(digits)
    }
}
