/// The hardware of one node as placement sees it: NUMA domains with their memory, physical cores with their SMT
/// siblings, GPUs with the NUMA domain they hang off, and how well each pair of GPUs is connected.
///
/// The shell builds it from the agent's discovered hardware (`HardwareDiscovery.HardwareTopology`, see
/// `schedd/Daemon/WireMapping.swift`), or with `flat(cpus:memoryMB:gpus:gpuModel:)` when an agent reports none.
/// The initialiser normalises whatever it is given, so these invariants always hold:
///
/// - domains are sorted by id, ids are unique;
/// - every CPU id belongs to exactly one core and every core to exactly one domain (a domain with no memory is
///   added for a core that names an unknown one); a domain's CPUs are exactly its cores' CPUs;
/// - GPUs are sorted by index, indices are unique; a GPU naming an unknown domain has none (`nil`);
/// - `gpuLinkRanks`, when present, is a square matrix over `gpus` in the same order;
/// - a domain's `distances` are either empty or one per domain, in domain order.
///
/// It is immutable and shares its storage (with lookup tables derived once, at construction), so copying a
/// node, a cluster state or a placement snapshot never copies topology arrays.
public struct NodeTopology: Sendable {
    /// A pool of memory and the cores closest to it.
    public struct NUMADomain: Hashable, Sendable, Codable {
        public var id: Int
        public var memoryMB: Int64
        /// Physical package, when known: without distances, spilling prefers domains of the same socket.
        public var socket: Int?
        /// Kernel distances (10 = local) to every domain, in the order of `NodeTopology.numaDomains`; empty when
        /// unknown.
        public var distances: [Int]

        public init(id: Int, memoryMB: Int64, socket: Int? = nil, distances: [Int] = []) {
            self.id = id
            self.memoryMB = memoryMB
            self.socket = socket
            self.distances = distances
        }
    }

    /// A physical core: its hardware threads (SMT siblings) as logical CPU ids.
    public struct Core: Hashable, Sendable, Codable {
        public var cpus: [Int]
        public var numaDomain: Int

        public init(cpus: [Int], numaDomain: Int) {
            self.cpus = cpus
            self.numaDomain = numaDomain
        }
    }

    public struct GPUDevice: Hashable, Sendable, Codable {
        /// What CUDA_VISIBLE_DEVICES takes.
        public var index: Int
        public var model: String
        /// Framebuffer memory, 0 when unknown.
        public var memoryMB: Int64
        /// The NUMA domain the GPU is attached to, nil when unknown.
        public var numaDomain: Int?

        public init(index: Int, model: String, memoryMB: Int64 = 0, numaDomain: Int?) {
            self.index = index
            self.model = model
            self.memoryMB = memoryMB
            self.numaDomain = numaDomain
        }
    }

    /// Link ranks between GPUs: higher is better. The values of `HardwareDiscovery.GPULinkKind.rank`, so that a
    /// rank read from `nvidia-smi topo -m` and one derived here compare: NVLink (1000 + links) > same PCIe switch
    /// (PIX 500, PXB 400) > same host bridge (PHB 300) > same NUMA node (NODE 200) > across sockets (SYS 100) >
    /// unknown (0).
    public enum LinkRank {
        public static let nvlinkBase = 1_000
        public static let pix = 500
        public static let pxb = 400
        public static let phb = 300
        public static let sameNUMA = 200
        public static let crossSocket = 100
        public static let unknown = 0
    }

    private let storage: Storage

    public var numaDomains: [NUMADomain] { storage.numaDomains }
    /// Sorted by first CPU.
    public var cores: [Core] { storage.cores }
    /// The most hardware threads of any core: 1 without SMT, 2 on most x86 servers.
    public var threadsPerCore: Int { storage.threadsPerCore }
    public var gpus: [GPUDevice] { storage.gpus }
    /// `gpuLinkRanks[i][j]`: how well `gpus[i]` and `gpus[j]` are connected (see `LinkRank`); nil when the agent
    /// did not say, in which case `linkRank` derives one from the GPUs' NUMA domains.
    public var gpuLinkRanks: [[Int]]? { storage.gpuLinkRanks }

    public init(numaDomains: [NUMADomain], cores: [Core], gpus: [GPUDevice] = [], gpuLinkRanks: [[Int]]? = nil) {
        storage = Storage(numaDomains: numaDomains, cores: cores, gpus: gpus, gpuLinkRanks: gpuLinkRanks)
    }

    /// For agents that report no topology: one NUMA domain (id 0) holding all memory, every CPU its own core,
    /// every GPU on that domain.
    public static func flat(cpus: [Int], memoryMB: Int64, gpus: [Int] = [], gpuModel: String? = nil) -> NodeTopology {
        NodeTopology(numaDomains: [NUMADomain(id: 0, memoryMB: memoryMB)],
                     cores: cpus.map { Core(cpus: [$0], numaDomain: 0) },
                     gpus: gpus.map { GPUDevice(index: $0, model: gpuModel ?? "", numaDomain: 0) })
    }

    // MARK: - Totals (what `NodeInventory` exposes)

    /// Every logical CPU id, ascending.
    public var cpuIDs: [Int] { storage.cpuIDs }
    public var memoryMB: Int64 { storage.memoryMB }
    public var gpuIndices: [Int] { storage.gpus.map(\.index) }
    /// The node's GPU model: the most common non-empty model (ties: the one of the lowest index); nil without
    /// GPUs or when none is named.
    public var gpuModel: String? { storage.gpuModel }

    // MARK: - Lookups by position (placement works on positions in the arrays above, not on ids)

    /// Position of the domain with this id.
    public func domainPosition(id: Int) -> Int? { storage.domainPosition[id] }

    /// Domain position of each core.
    var coreDomain: [Int] { storage.coreDomain }
    /// Core positions of each domain, ascending.
    var domainCores: [[Int]] { storage.domainCores }
    /// CPU count of each domain.
    var domainCPUCount: [Int] { storage.domainCPUCount }
    /// Domain position of each GPU, nil when unknown.
    var gpuDomain: [Int?] { storage.gpuDomain }
    /// The GPUs grouped by model (lower-cased words, positions ascending), in order of first index: a filter matches a
    /// requested model once per model, not once per GPU.
    var gpuModelGroups: [(words: [String], positions: [Int])] { storage.gpuModelGroups }

    /// How well two GPUs (by position) are connected: the agent's matrix, or derived from their NUMA domains
    /// (same domain: `sameNUMA`; different: `crossSocket`; unknown: `unknown`).
    func linkRank(_ a: Int, _ b: Int) -> Int { storage.linkRanks[a * storage.gpus.count + b] }

    /// NUMA distance between two domains (by position): the kernel's when known, else 10 for the same domain,
    /// 12 for the same socket and 21 otherwise (typical SLIT values).
    func distance(_ a: Int, _ b: Int) -> Int { storage.distances[a * storage.numaDomains.count + b] }
}

extension NodeTopology: Hashable {
    public static func == (lhs: NodeTopology, rhs: NodeTopology) -> Bool {
        lhs.storage === rhs.storage
            || (lhs.numaDomains == rhs.numaDomains && lhs.cores == rhs.cores && lhs.gpus == rhs.gpus
                && lhs.gpuLinkRanks == rhs.gpuLinkRanks)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(numaDomains)
        hasher.combine(cores)
        hasher.combine(gpus)
        hasher.combine(gpuLinkRanks)
    }
}

extension NodeTopology: Codable {
    private enum CodingKeys: String, CodingKey {
        case numaDomains, cores, gpus, gpuLinkRanks
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(numaDomains: try c.decode([NUMADomain].self, forKey: .numaDomains),
                  cores: try c.decode([Core].self, forKey: .cores),
                  gpus: try c.decodeIfPresent([GPUDevice].self, forKey: .gpus) ?? [],
                  gpuLinkRanks: try c.decodeIfPresent([[Int]].self, forKey: .gpuLinkRanks))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(numaDomains, forKey: .numaDomains)
        try c.encode(cores, forKey: .cores)
        try c.encode(gpus, forKey: .gpus)
        try c.encodeIfPresent(gpuLinkRanks, forKey: .gpuLinkRanks)
    }
}

extension NodeTopology {
    /// The normalised topology and everything derived from it, computed once.
    private final class Storage: Sendable {
        let numaDomains: [NUMADomain]
        let cores: [Core]
        let gpus: [GPUDevice]
        let gpuLinkRanks: [[Int]]?

        let cpuIDs: [Int]
        let memoryMB: Int64
        let gpuModel: String?
        let domainPosition: [Int: Int]
        let coreDomain: [Int]
        let domainCores: [[Int]]
        let domainCPUCount: [Int]
        /// The most hardware threads of any core (1 without SMT): `--hint=nomultithread` counts CPUs in cores.
        let threadsPerCore: Int
        let gpuDomain: [Int?]
        let gpuModelGroups: [(words: [String], positions: [Int])]
        /// Row-major GPU × GPU ranks (matrix or derived).
        let linkRanks: [Int]
        /// Row-major domain × domain distances (kernel or derived).
        let distances: [Int]

        init(numaDomains rawDomains: [NUMADomain], cores rawCores: [Core], gpus rawGPUs: [GPUDevice],
             gpuLinkRanks rawRanks: [[Int]]?) {
            // 1. Cores: siblings sorted, each CPU in the first core that lists it, empty cores dropped.
            var seenCPUs = Set<Int>()
            var cores: [Core] = []
            for core in rawCores {
                let cpus = Set(core.cpus).sorted().filter { seenCPUs.insert($0).inserted }
                if !cpus.isEmpty { cores.append(Core(cpus: cpus, numaDomain: core.numaDomain)) }
            }
            cores.sort { $0.cpus[0] < $1.cpus[0] }

            // 2. Domains: unique ids, plus an empty one for every id only a core names.
            var byID: [Int: NUMADomain] = [:]
            for domain in rawDomains where byID[domain.id] == nil { byID[domain.id] = domain }
            var added = false
            for core in cores where byID[core.numaDomain] == nil {
                byID[core.numaDomain] = NUMADomain(id: core.numaDomain, memoryMB: 0)
                added = true
            }
            var domains = byID.keys.sorted().map { byID[$0]! }
            for position in domains.indices { domains[position].memoryMB = max(0, domains[position].memoryMB) }
            if added || domains.contains(where: { $0.distances.count != domains.count }) {
                for position in domains.indices { domains[position].distances = [] }
            }
            let domainPosition = Dictionary(uniqueKeysWithValues: domains.enumerated().map { ($0.element.id, $0.offset) })

            // 3. GPUs: unique indices, unknown domains dropped; the link matrix must match them (it is given in
            //    the caller's GPU order, which is reordered with the GPUs).
            var seenGPUs = Set<Int>()
            var orderedRaw: [(position: Int, gpu: GPUDevice)] = []
            for (position, gpu) in rawGPUs.enumerated() where seenGPUs.insert(gpu.index).inserted {
                orderedRaw.append((position, gpu))
            }
            orderedRaw.sort { $0.gpu.index < $1.gpu.index }
            let gpus = orderedRaw.map { entry -> GPUDevice in
                var gpu = entry.gpu
                if let domain = gpu.numaDomain, domainPosition[domain] == nil { gpu.numaDomain = nil }
                gpu.memoryMB = max(0, gpu.memoryMB)
                return gpu
            }
            var ranks: [[Int]]?
            if let rawRanks, rawRanks.count == rawGPUs.count, rawRanks.allSatisfy({ $0.count == rawGPUs.count }) {
                ranks = orderedRaw.map { row in orderedRaw.map { column in rawRanks[row.position][column.position] } }
            }

            self.numaDomains = domains
            self.cores = cores
            self.gpus = gpus
            self.gpuLinkRanks = ranks
            self.domainPosition = domainPosition

            // 4. Derived tables.
            cpuIDs = cores.flatMap(\.cpus).sorted()
            memoryMB = domains.reduce(0) { $0 + $1.memoryMB }
            coreDomain = cores.map { domainPosition[$0.numaDomain]! }
            var domainCores = Array(repeating: [Int](), count: domains.count)
            var domainCPUCount = Array(repeating: 0, count: domains.count)
            for (position, core) in cores.enumerated() {
                domainCores[coreDomain[position]].append(position)
                domainCPUCount[coreDomain[position]] += core.cpus.count
            }
            self.domainCores = domainCores
            self.domainCPUCount = domainCPUCount
            threadsPerCore = max(1, cores.map(\.cpus.count).max() ?? 1)
            gpuDomain = gpus.map { $0.numaDomain.flatMap { domainPosition[$0] } }
            let gpuModelWords = gpus.map { GPUModelFilter.words($0.model) }
            var groups: [(words: [String], positions: [Int])] = []
            for (position, words) in gpuModelWords.enumerated() {
                if let group = groups.firstIndex(where: { $0.words == words }) {
                    groups[group].positions.append(position)
                } else {
                    groups.append((words, [position]))
                }
            }
            gpuModelGroups = groups
            gpuModel = Storage.commonModel(gpus)

            let count = gpus.count
            var linkRanks = Array(repeating: 0, count: count * count)
            for a in 0..<count {
                for b in 0..<count {
                    if let ranks {
                        linkRanks[a * count + b] = ranks[a][b]
                    } else if let da = gpuDomain[a], let db = gpuDomain[b] {
                        linkRanks[a * count + b] = da == db ? LinkRank.sameNUMA : LinkRank.crossSocket
                    }
                }
            }
            self.linkRanks = linkRanks

            let n = domains.count
            var distances = Array(repeating: 0, count: n * n)
            for a in 0..<n {
                for b in 0..<n {
                    if domains[a].distances.count == n {
                        distances[a * n + b] = domains[a].distances[b]
                    } else if a == b {
                        distances[a * n + b] = 10
                    } else if let sa = domains[a].socket, sa == domains[b].socket {
                        distances[a * n + b] = 12
                    } else {
                        distances[a * n + b] = 21
                    }
                }
            }
            self.distances = distances
        }

        private static func commonModel(_ gpus: [GPUDevice]) -> String? {
            var counts: [String: Int] = [:]
            var order: [String] = []
            for gpu in gpus where !gpu.model.isEmpty {
                if counts[gpu.model] == nil { order.append(gpu.model) }
                counts[gpu.model, default: 0] += 1
            }
            // `order` is by lowest index; `max` keeps the first of equal counts only when scanning forwards.
            var best: String?
            for model in order where best == nil || counts[model]! > counts[best!]! { best = model }
            return best
        }
    }
}
