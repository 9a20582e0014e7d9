import SchedulerCore

/// A synthetic GPU centre of identical DGX H100-class servers, registered through the core's public events.
enum SyntheticCentre {
    static let cpusPerNode = 112
    static let gpusPerNode = 8
    static let memoryMBPerNode: Int64 = 2 * 1024 * 1024 // 2 TB

    static func nodeName(_ index: Int) -> String {
        var digits = String(index)
        while digits.count < 5 { digits = "0" + digits }
        return "gpu-" + digits
    }

    static func inventory(_ index: Int) -> NodeInventory {
        NodeInventory(name: nodeName(index), address: "10.0.\(index / 256).\(index % 256)", topology: dgxTopology())
    }

    /// A DGX H100-like server with SMT off: 2 sockets (one NUMA domain each) of 56 cores and 1 TB, GPUs 0–3 on
    /// domain 0 and 4–7 on domain 1, every GPU pair on NVSwitch (NV18). Built per node, as agents report it.
    static func dgxTopology() -> NodeTopology {
        let perDomain = cpusPerNode / 2
        let domains = (0..<2).map {
            NodeTopology.NUMADomain(id: $0, memoryMB: memoryMBPerNode / 2, socket: $0, distances: $0 == 0 ? [10, 21] : [21, 10])
        }
        let cores = (0..<cpusPerNode).map { NodeTopology.Core(cpus: [$0], numaDomain: $0 / perDomain) }
        let gpus = (0..<gpusPerNode).map {
            NodeTopology.GPUDevice(index: $0, model: "NVIDIA H100 80GB HBM3", memoryMB: 81_559,
                                   numaDomain: $0 / (gpusPerNode / 2))
        }
        let nvswitch = NodeTopology.LinkRank.nvlinkBase + 18
        let links = (0..<gpusPerNode).map { a in (0..<gpusPerNode).map { b in a == b ? 0 : nvswitch } }
        return NodeTopology(numaDomains: domains, cores: cores, gpus: gpus, gpuLinkRanks: links)
    }

    /// One `nodeRegistered` event per node, as agents send them.
    static func registrations(nodes: Int) -> [Event] {
        (0..<nodes).map { .nodeRegistered(inventory($0), running: [], request: RequestID(UInt64($0) + 1)) }
    }

    /// Settings with a node timeout long enough that the benchmark's manual clock never expires a node.
    static let settings = SchedulerSettings(nodeTimeout: .seconds(365 * 24 * 3600))

    /// A scheduler with `nodes` registered, idle nodes and an empty queue.
    static func scheduler(nodes: Int, at now: Instant) -> Scheduler {
        var scheduler = Scheduler(settings: settings)
        blackHole(scheduler.handle(registrations(nodes: nodes), at: now))
        return scheduler
    }
}

/// A deterministic mix of jobs, roughly what a GPU centre's queue holds:
/// 55 % single-node GPU jobs (1–8 GPUs, 14 CPUs per GPU), 10 % gangs of 2–8 whole nodes,
/// 35 % CPU-only jobs (1–32 CPUs). Every string is built per job, as if decoded from the wire, so memory
/// figures are not flattered by shared storage.
struct JobMix {
    var users = 50
    /// Length of the batch script carried by half of the jobs (0: none carries a script).
    var scriptBytes = 0
    /// Submit jobs held, so no cycle places them.
    var hold = false

    /// `count` specs numbered from `firstIndex` (the number appears in names, paths and arguments).
    func specs(count: Int, seed: UInt64 = 42, firstIndex: Int = 0) -> [JobSpec] {
        var rng = SplitMix64(seed: seed &+ UInt64(firstIndex))
        return (firstIndex..<firstIndex + count).map { spec($0, rng: &rng) }
    }

    func submissions(count: Int, seed: UInt64 = 42, firstIndex: Int = 0) -> [Event] {
        specs(count: count, seed: seed, firstIndex: firstIndex).enumerated().map { i, spec in
            .jobSubmitted(spec, request: RequestID(UInt64(firstIndex + i) + 1))
        }
    }

    func spec(_ index: Int, rng: inout SplitMix64) -> JobSpec {
        let user = "user-\(Int.random(in: 0..<users, using: &rng))"
        let request = resourceRequest(rng: &rng)
        let withScript = scriptBytes > 0 && index % 2 == 0
        return JobSpec(
            name: withScript ? "batch" : "train-\(index)", user: user, workdir: "/home/\(user)/runs/\(index)",
            argv: withScript ? [] : ["python", "train.py", "--seed", String(index), "--config", "configs/run-\(index).yaml"],
            script: withScript ? script(index) : nil,
            environment: ["WANDB_PROJECT=bench-\(index % 97)", "OMP_NUM_THREADS=\(request.cpusPerNode)"],
            request: request, hold: hold)
    }

    private func resourceRequest(rng: inout SplitMix64) -> ResourceRequest {
        let roll = Int.random(in: 0..<100, using: &rng)
        let hours: Int64 = [1, 2, 4, 8, 12, 24, 48].randomElement(using: &rng)!
        let limit = Span.minutes(hours * 60)
        switch roll {
        case ..<55:
            let gpus = [1, 1, 2, 4, 8].randomElement(using: &rng)!
            return ResourceRequest(cpusPerNode: 14 * gpus, gpusPerNode: gpus, timeLimit: limit)
        case ..<65:
            let nodes = [2, 2, 4, 8].randomElement(using: &rng)!
            return ResourceRequest(nodes: nodes, cpusPerNode: SyntheticCentre.cpusPerNode,
                                   gpusPerNode: SyntheticCentre.gpusPerNode, timeLimit: limit)
        default:
            return ResourceRequest(cpusPerNode: [1, 2, 4, 8, 16, 32].randomElement(using: &rng)!, timeLimit: limit)
        }
    }

    /// A `#SBATCH` script of about `scriptBytes` bytes, unique to the job.
    private func script(_ index: Int) -> String {
        var text = "#!/bin/bash\n#SBATCH --job-name=run-\(index)\n#SBATCH --gres=gpu:8\n#SBATCH --time=2-00:00:00\n"
        let line = "srun python train.py --data /datasets/corpus --steps 100000 --seed \(index)\n"
        while text.utf8.count + line.utf8.count <= scriptBytes { text += line }
        return text
    }
}
