/// The variables a job's process finds on one of its nodes: aisched's own (`AISCHED_*`), the ones `torchrun`
/// reads (`MASTER_ADDR`, `MASTER_PORT`, `NNODES`, `WORLD_SIZE`, `NODE_RANK`), and Slurm's output variables with
/// Slurm's names and formats (docs/SLURM.md), so existing batch scripts read what they expect. The submitter's
/// own `--export` entries come last and win, as with sbatch.
///
/// Pure: a function of the job, its allocation and where rank 0 can be reached; the daemon only ships the result.
public struct JobEnvironment: Sendable {
    public var job: Job
    public var allocation: Allocation
    /// Position of this node in the allocation (0 runs the batch script).
    public var rank: Int
    /// Where other nodes reach rank 0 (its registered address).
    public var masterAddress: String
    /// The centre's name for SLURM_CLUSTER_NAME.
    public var clusterName: String

    public init(job: Job, allocation: Allocation, rank: Int, masterAddress: String, clusterName: String = "aisched") {
        self.job = job
        self.allocation = allocation
        self.rank = rank
        self.masterAddress = masterAddress
        self.clusterName = clusterName
    }

    /// Deterministic per job, so every rank computes the same port without talking to the others.
    public static func masterPort(of job: JobID) -> Int { 20_000 + Int(job.rawValue % 10_000) }

    /// `KEY=value` entries in the order they apply (a later one wins): the submitter's inherited environment, the
    /// job's own variables, then its explicit `--export` entries.
    public var variables: [String] {
        (spec.inheritedEnvironment ?? []) + (aisched + torchrun + slurm + array).map { "\($0.0)=\($0.1)" }
            + spec.environment
    }

    /// The variables that describe the job on this node, without the submitter's own and without torchrun's
    /// rendezvous (`MASTER_*`, which a script may have set itself): what a step's task gets over srun's environment.
    public var nodeVariables: [String] {
        (aisched + slurm + array + [("NODE_RANK", "\(rank)")]).map { "\($0.0)=\($0.1)" }
    }

    private var part: NodeAllocation { allocation.nodes[rank] }
    private var spec: JobSpec { job.spec }

    private var aisched: [(String, String)] {
        [("AISCHED_JOB_ID", "\(job.id)"), ("AISCHED_JOB_NAME", spec.name), ("AISCHED_USER", spec.user),
         ("AISCHED_PROJECT", spec.project), ("AISCHED_NODELIST", allocation.nodeNames.joined(separator: ",")),
         ("AISCHED_NNODES", "\(allocation.nodes.count)"), ("AISCHED_NODE_RANK", "\(rank)"),
         ("AISCHED_CPUS", part.cpus.map(String.init).joined(separator: ",")),
         ("AISCHED_GPUS", part.gpus.map(String.init).joined(separator: ","))]
    }

    private var torchrun: [(String, String)] {
        [("MASTER_ADDR", masterAddress), ("MASTER_PORT", "\(Self.masterPort(of: job.id))"),
         ("NNODES", "\(allocation.nodes.count)"), ("WORLD_SIZE", "\(allocation.nodes.count)"), ("NODE_RANK", "\(rank)")]
    }

    /// Slurm's batch-step variables (sbatch(1) OUTPUT ENVIRONMENT VARIABLES). Variables Slurm sets only when an
    /// option was given (SLURM_NTASKS, SLURM_CPUS_PER_TASK, …) are set here under the same condition.
    private var slurm: [(String, String)] {
        let nodes = allocation.nodes
        let layout = spec.tasks ?? TaskLayout()
        var v: [(String, String)] = [
            ("SLURM_JOB_ID", "\(job.id)"), ("SLURM_JOBID", "\(job.id)"), ("SLURM_JOB_NAME", spec.name),
            ("SLURM_JOB_USER", spec.user), ("SLURM_JOB_ACCOUNT", spec.project), ("SLURM_CLUSTER_NAME", clusterName),
            ("SLURM_JOB_NODELIST", Hostlist.compress(allocation.nodeNames)),
            ("SLURM_NODELIST", Hostlist.compress(allocation.nodeNames)),
            ("SLURM_JOB_NUM_NODES", "\(nodes.count)"), ("SLURM_NNODES", "\(nodes.count)"),
            ("SLURM_JOB_CPUS_PER_NODE", Self.compressedCounts(nodes.map(\.cpus.count))),
            ("SLURM_CPUS_ON_NODE", "\(part.cpus.count)"),
            ("SLURM_TASKS_PER_NODE", Self.compressedCounts(layout.tasksPerNode(nodes: nodes.count))),
            ("SLURMD_NODENAME", part.node), ("SLURM_NODEID", "\(rank)"), ("SLURM_PROCID", "\(rank)"),
            ("SLURM_LOCALID", "0"), ("ENVIRONMENT", "BATCH"),
        ]
        v.append(("SLURM_JOB_QOS", job.qos.rawValue)) // the QoS in force, as Slurm always sets it
        if layout.total != nil || layout.perNode != nil {
            let count = "\(layout.taskCount(nodes: nodes.count))"
            v += [("SLURM_NTASKS", count), ("SLURM_NPROCS", count)]
        }
        if let perNode = layout.perNode { v.append(("SLURM_NTASKS_PER_NODE", "\(perNode)")) }
        if let cpus = layout.cpusPerTask { v.append(("SLURM_CPUS_PER_TASK", "\(cpus)")) }
        if layout.overcommit == true { v.append(("SLURM_OVERCOMMIT", "1")) }
        if !part.gpus.isEmpty {
            v += [("SLURM_GPUS_ON_NODE", "\(part.gpus.count)"), ("SLURM_JOB_GPUS", part.gpus.map(String.init).joined(separator: ","))]
            let model = spec.request.gpuModel.map { "\($0):" } ?? ""
            v.append(("SLURM_GPUS_PER_NODE", "\(model)\(spec.request.gpusPerNode)"))
        }
        if let gpus = layout.gpusPerTask { v.append(("SLURM_GPUS_PER_TASK", "\(gpus)")) }
        if part.memoryMB > 0 { v.append(("SLURM_MEM_PER_NODE", "\(part.memoryMB)")) }
        if let directory = spec.submitDirectory { v.append(("SLURM_SUBMIT_DIR", directory)) }
        if let host = spec.submitHost { v.append(("SLURM_SUBMIT_HOST", host)) }
        if let start = job.startTime {
            v.append(("SLURM_JOB_START_TIME", "\(start.milliseconds / 1000)"))
            if let limit = spec.request.timeLimit {
                v.append(("SLURM_JOB_END_TIME", "\((start.milliseconds + limit.milliseconds) / 1000)"))
            }
        }
        if job.restartCount > 0 { v.append(("SLURM_RESTART_COUNT", "\(job.restartCount)")) }
        return v
    }

    /// An array task's ids under both names, and Slurm's count, min, max and step of the whole array.
    private var array: [(String, String)] {
        guard let arrayJob = job.arrayJobID, let task = job.arrayTaskID else { return [] }
        var v = [("AISCHED_ARRAY_JOB_ID", "\(arrayJob)"), ("AISCHED_ARRAY_TASK_ID", "\(task)"),
                 ("SLURM_ARRAY_JOB_ID", "\(arrayJob)"), ("SLURM_ARRAY_TASK_ID", "\(task)")]
        if let text = spec.array, case .success(let array) = ArraySpec.parse(text), let first = array.taskIDs.first {
            v += [("SLURM_ARRAY_TASK_COUNT", "\(array.taskIDs.count)"), ("SLURM_ARRAY_TASK_MIN", "\(first)"),
                  ("SLURM_ARRAY_TASK_MAX", "\(array.taskIDs.last ?? first)"), ("SLURM_ARRAY_TASK_STEP", Self.step(of: text))]
        }
        return v
    }

    /// Slurm's SLURM_ARRAY_TASK_STEP: the number after the first `:` of the array text, else 1.
    static func step(of text: String) -> String {
        guard let colon = text.firstIndex(of: ":") else { return "1" }
        let digits = text[text.index(after: colon)...].prefix { $0.isASCII && $0.isNumber }
        return digits.isEmpty ? "1" : String(digits)
    }

    /// Slurm's run-length form of per-node counts, in node order: `[8, 8, 4]` → `8(x2),4`.
    public static func compressedCounts(_ counts: [Int]) -> String {
        var parts: [String] = []
        var index = 0
        while index < counts.count {
            var end = index
            while end + 1 < counts.count, counts[end + 1] == counts[index] { end += 1 }
            let run = end - index + 1
            parts.append(run == 1 ? "\(counts[index])" : "\(counts[index])(x\(run))")
            index = end + 1
        }
        return parts.joined(separator: ",")
    }
}
