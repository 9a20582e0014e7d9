import Testing
@testable import SchedulerCore

/// Node topologies for placement tests, numbered the way Linux numbers real machines: with `cores` cores in
/// all, thread `t` of core `c` is CPU `c + t × cores` (so CPU 0 and CPU 112 are siblings on a DGX H100).
extension NodeTopology {
    /// A symmetric machine: `domains` NUMA domains (one per socket) of `coresPerDomain` cores each, GPUs spread
    /// evenly (`gpusPerDomain`), optional link ranks (default: derived from the domains) and distances.
    static func make(domains: Int, coresPerDomain: Int, threadsPerCore: Int = 2, memoryMBPerDomain: Int64 = 64_000,
                     gpusPerDomain: Int = 0, gpuModel: String = "A100", gpuMemoryMB: Int64 = 40_960,
                     linkRanks: [[Int]]? = nil, distances: [[Int]]? = nil) -> NodeTopology {
        let totalCores = domains * coresPerDomain
        let numa = (0..<domains).map { d in
            NUMADomain(id: d, memoryMB: memoryMBPerDomain, socket: d, distances: distances?[d] ?? [])
        }
        let cores = (0..<totalCores).map { c in
            Core(cpus: (0..<threadsPerCore).map { c + $0 * totalCores }, numaDomain: c / coresPerDomain)
        }
        let gpus = (0..<(domains * gpusPerDomain)).map { g in
            GPUDevice(index: g, model: gpuModel, memoryMB: gpuMemoryMB, numaDomain: g / gpusPerDomain)
        }
        return NodeTopology(numaDomains: numa, cores: cores, gpus: gpus, gpuLinkRanks: linkRanks)
    }

    /// NVIDIA DGX H100 as `seeds/topologies/dgx-h100.json` declares it: 2 sockets × 56 cores with SMT (224 CPUs),
    /// NUMA 0 = cores 0-55 (CPUs 0-55,112-167), NUMA 1 = cores 56-111 (CPUs 56-111,168-223), 1 TiB each,
    /// 8 × H100 80GB, GPUs 0-3 on NUMA 0 and 4-7 on NUMA 1, NV18 between every pair (NVSwitch).
    static func dgxH100() -> NodeTopology {
        let nv18 = LinkRank.nvlinkBase + 18
        let ranks = (0..<8).map { a in (0..<8).map { b in a == b ? 10_000 : nv18 } }
        return make(domains: 2, coresPerDomain: 56, threadsPerCore: 2, memoryMBPerDomain: 1_048_576,
                    gpusPerDomain: 4, gpuModel: "NVIDIA H100 80GB HBM3", gpuMemoryMB: 81_559,
                    linkRanks: ranks, distances: [[10, 21], [21, 10]])
    }

    /// The 8 × A40 PCIe server of `nvidia/pcie-8x-a40-nvlink-pairs.nccl-1343.topo-m.partial.txt`: 2 sockets of
    /// 96 CPUs (48 cores with SMT here), GPUs 0-3 on NUMA 0 and 4-7 on NUMA 1, NVLink bridges only within the
    /// pairs 0-1, 2-3, 4-5, 6-7. Links and GPU domains are read from the real `nvidia-smi topo -m` output.
    static func a40NVLinkPairs() throws -> NodeTopology {
        let matrix = try TopoMatrixFixture.load("pcie-8x-a40-nvlink-pairs.nccl-1343.topo-m.partial.txt")
        let base = make(domains: 2, coresPerDomain: 48, threadsPerCore: 2, memoryMBPerDomain: 256_000,
                        gpusPerDomain: 4, gpuModel: "NVIDIA A40", gpuMemoryMB: 46_068, linkRanks: matrix.ranks,
                        distances: [[10, 21], [21, 10]])
        let gpus = base.gpus.map { gpu in
            var gpu = gpu
            gpu.numaDomain = matrix.numaNodes[gpu.index]
            return gpu
        }
        return NodeTopology(numaDomains: base.numaDomains, cores: base.cores, gpus: gpus, gpuLinkRanks: matrix.ranks)
    }
}

extension NodeInventory {
    static func make(_ name: String, topology: NodeTopology) -> NodeInventory {
        NodeInventory(name: name, address: "\(name).cluster.local", topology: topology)
    }
}

extension TestCluster {
    /// Registers a node with real topology; returns the jobs the core tells the agent to kill.
    @discardableResult
    mutating func addNode(_ name: String, topology: NodeTopology, running: [JobID] = []) -> [JobID] {
        register(.make(name, topology: topology), running: running)
    }
}

extension Node {
    /// A registered, up and connected node with nothing allocated, for unit tests of placement steps.
    static func up(_ name: String, _ topology: NodeTopology) -> Node {
        Node(inventory: .make(name, topology: topology), status: .up, connected: true, lastHeard: .zero)
    }

    /// The node with `parts` held, each by a job of its own (ids from 1000 up).
    func holding(_ parts: [NodeAllocation]) -> Node {
        var node = self
        for part in parts { node.hold(part, for: JobID(UInt64(1_000 + node.jobs.count))) }
        return node
    }

    /// The node with these CPUs, GPUs and memory per domain held by one job.
    func holding(cpus: [Int] = [], gpus: [Int] = [], memoryMBByDomain: [Int: Int64] = [:]) -> Node {
        let domains = memoryMBByDomain.keys.sorted()
        return holding([NodeAllocation(node: name, cpus: cpus, gpus: gpus, numaNodes: domains,
                                       memoryMB: domains.reduce(0) { $0 + memoryMBByDomain[$1]! },
                                       numaMemoryMB: domains.map { memoryMBByDomain[$0]! })])
    }
}
