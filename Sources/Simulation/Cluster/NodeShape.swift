import SchedulerCore

/// The hardware of one simulated node when no topology file describes it: totals, laid out over `numaDomains`
/// equal domains (CPUs, memory and GPUs split evenly, GPUs in index order; each CPU its own core, no SMT).
///
/// Traces give totals only (the Alibaba node list, Helios' "8 GPUs + 96 CPUs"); two domains is what such
/// servers have (two sockets), so readers pick 2 when the counts divide and 1 otherwise (docs/SIMULATION.md).
public struct NodeShape: Hashable, Sendable {
    public var cpus: Int
    public var memoryMB: Int64
    public var gpus: Int
    public var gpuModel: String
    public var numaDomains: Int

    public init(cpus: Int, memoryMB: Int64, gpus: Int = 0, gpuModel: String = "", numaDomains: Int? = nil) {
        self.cpus = cpus
        self.memoryMB = memoryMB
        self.gpus = gpus
        self.gpuModel = gpuModel
        self.numaDomains = numaDomains ?? Self.naturalDomains(cpus: cpus, gpus: gpus)
    }

    /// Two domains when CPUs (and GPUs, if any) split evenly over two sockets, else one.
    static func naturalDomains(cpus: Int, gpus: Int) -> Int {
        cpus >= 2 && cpus % 2 == 0 && (gpus == 0 || gpus % 2 == 0) ? 2 : 1
    }

    public var topology: NodeTopology {
        let domains = max(1, min(numaDomains, cpus))
        let numa = (0..<domains).map { d in
            NodeTopology.NUMADomain(id: d, memoryMB: memoryMB / Int64(domains) + (d == 0 ? memoryMB % Int64(domains) : 0),
                                    socket: d)
        }
        let cores = (0..<cpus).map { cpu in NodeTopology.Core(cpus: [cpu], numaDomain: cpu * domains / cpus) }
        let devices = (0..<gpus).map { g in
            NodeTopology.GPUDevice(index: g, model: gpuModel, numaDomain: g * domains / max(gpus, 1))
        }
        return NodeTopology(numaDomains: numa, cores: cores, gpus: devices)
    }
}
