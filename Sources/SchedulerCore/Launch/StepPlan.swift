/// What `srun` asks of a running job: its task geometry. nil fields mean "as the job was submitted", as an srun
/// without options inside an sbatch allocation does.
public struct StepRequest: Hashable, Sendable {
    public var tasks: Int?
    public var tasksPerNode: Int?
    public var nodes: Int?
    public var cpusPerTask: Int?
    public var gpusPerTask: Int?
    /// `-w`: these of the job's nodes, in the job's order; empty: the first `nodes` of them.
    public var nodeList: [String] = []

    public init(tasks: Int? = nil, tasksPerNode: Int? = nil, nodes: Int? = nil, cpusPerTask: Int? = nil,
                gpusPerTask: Int? = nil, nodeList: [String] = []) {
        self.nodeList = nodeList
        self.tasks = tasks
        self.tasksPerNode = tasksPerNode
        self.nodes = nodes
        self.cpusPerTask = cpusPerTask
        self.gpusPerTask = gpusPerTask
    }
}

/// One job step (one `srun`) laid out on the job's nodes: which task runs where, bound to which CPUs and GPUs,
/// with which Slurm variables. Tasks are spread in Slurm's default block distribution (ranks 0..n-1 fill the first
/// node, then the next), each node's CPUs are split among its tasks in order, and GPUs too when `--gpus-per-task`
/// is given (otherwise every task sees the node's GPUs, as in Slurm).
///
/// Pure: a function of the job and the request; schedd ships it to the agents.
public struct StepPlan: Hashable, Sendable {
    public struct Task: Hashable, Sendable {
        public var rank: Int
        public var node: String
        /// The node's position in the step (SLURM_NODEID).
        public var nodeIndex: Int
        public var localID: Int
        public var cpus: [Int]
        public var gpus: [Int]
        /// Variables applied over srun's own environment for this task.
        public var environment: [String]
    }

    public var stepID: Int
    public var nodes: [String]
    public var tasks: [Task]

    /// The tasks on `node`, in rank order.
    public func tasks(on node: String) -> [Task] { tasks.filter { $0.node == node } }

    /// `topologies`: the job's nodes' hardware, for `--hint=nomultithread` jobs (tasks get one thread per core).
    public static func make(job: Job, stepID: Int, request: StepRequest, masterAddress: String,
                            topologies: [String: NodeTopology] = [:]) -> Result<StepPlan, Rejection> {
        guard job.state == .running, let allocation = job.allocation, !allocation.nodes.isEmpty else {
            return .failure(Rejection(.conflict, "job \(job.id) is not running (\(job.state.rawValue)), so srun cannot start tasks in it",
                                      hint: "srun runs inside a running job: call it from the job's batch script"))
        }
        let named = request.nodeList
        let outside = named.filter { allocation.rank(of: $0) == nil }
        guard outside.isEmpty else {
            return .failure(Rejection(.invalidRequest, "node \(outside.joined(separator: ", ")) is not one of job \(job.id)'s",
                                      hint: "its nodes are \(Hostlist.compress(allocation.nodeNames))"))
        }
        let candidates = named.isEmpty ? allocation.nodes : allocation.nodes.filter { named.contains($0.node) }
        var shaped = request
        if !named.isEmpty, shaped.nodes == nil { shaped.nodes = candidates.count }
        let layout = layout(for: shaped, job: job, nodesInJob: candidates.count)
        let nodeCount = stepNodeCount(shaped, layout: layout, nodesInJob: candidates.count)
        guard nodeCount <= candidates.count else {
            let has = named.isEmpty ? "job \(job.id) has \(candidates.count)" : "-w names \(candidates.count) of job \(job.id)'s nodes"
            return .failure(Rejection(.invalidRequest, "the step asks for \(nodeCount) nodes; \(has)",
                                      hint: "give -N \(candidates.count) or fewer"))
        }
        let perNode = layout.tasksPerNode(nodes: nodeCount)
        let parts = Array(candidates.prefix(nodeCount))
        var problems: [String] = []
        var tasks: [Task] = []
        for (index, part) in parts.enumerated() {
            let count = perNode[index]
            let bound = job.boundCPUs(of: part, on: topologies[part.node])
            let cpusEach = layout.cpusPerTask ?? max(1, bound.count / max(1, count))
            if count * cpusEach > bound.count, layout.overcommit != true {
                problems.append("\(count) task(s) × \(cpusEach) CPU need \(count * cpusEach) CPUs on \(part.node); the job has \(bound.count) there")
            }
            if let g = layout.gpusPerTask, count * g > part.gpus.count {
                problems.append("\(count) task(s) × \(g) GPU need \(count * g) GPUs on \(part.node); the job has \(part.gpus.count) there")
            }
            for local in 0..<count {
                tasks.append(Task(rank: tasks.count, node: part.node, nodeIndex: index, localID: local,
                                  cpus: slice(bound, index: local, width: cpusEach),
                                  gpus: layout.gpusPerTask.map { slice(part.gpus, index: local, width: $0) } ?? part.gpus,
                                  environment: []))
            }
        }
        guard problems.isEmpty else {
            return .failure(Rejection(.invalidRequest, "the step does not fit in job \(job.id): " + problems.joined(separator: "; "),
                                      hint: "ask for fewer tasks (-n, --ntasks-per-node) or fewer CPUs/GPUs per task (-c, --gpus-per-task)"))
        }
        var plan = StepPlan(stepID: stepID, nodes: parts.map(\.node), tasks: tasks)
        for i in plan.tasks.indices {
            plan.tasks[i].environment = plan.variables(for: plan.tasks[i], job: job, allocation: allocation,
                                                       layout: layout, perNode: perNode, masterAddress: masterAddress)
        }
        return .success(plan)
    }

    /// The request's geometry over the job's: explicit srun options win, the job's own task options fill in.
    private static func layout(for request: StepRequest, job: Job, nodesInJob: Int) -> TaskLayout {
        var layout = job.spec.tasks ?? TaskLayout()
        if request.tasks != nil || request.tasksPerNode != nil || request.nodes != nil {
            layout.total = request.tasks
            layout.perNode = request.tasksPerNode
        }
        if let c = request.cpusPerTask { layout.cpusPerTask = c }
        if let g = request.gpusPerTask { layout.gpusPerTask = g }
        return layout
    }

    /// `-N` if given; else as many nodes as there are tasks, up to the job's (srun -n 1 in a 2-node job uses one).
    private static func stepNodeCount(_ request: StepRequest, layout: TaskLayout, nodesInJob: Int) -> Int {
        if let nodes = request.nodes { return nodes }
        if let total = layout.total, layout.perNode == nil { return max(1, min(nodesInJob, total)) }
        if let total = layout.total, let perNode = layout.perNode {
            return min(nodesInJob, (total + perNode - 1) / max(1, perNode))
        }
        return nodesInJob
    }

    private static func slice(_ ids: [Int], index: Int, width: Int) -> [Int] {
        let start = min(ids.count, index * width)
        return Array(ids[start..<min(ids.count, start + width)])
    }

    /// Slurm's step and task variables (srun(1) OUTPUT ENVIRONMENT VARIABLES) over the job's variables for the
    /// task's node.
    private func variables(for task: Task, job: Job, allocation: Allocation, layout: TaskLayout, perNode: [Int],
                           masterAddress: String) -> [String] {
        let rank = allocation.rank(of: task.node) ?? task.nodeIndex
        let base = JobEnvironment(job: job, allocation: allocation, rank: rank, masterAddress: masterAddress).nodeVariables
        let nodeList = Hostlist.compress(nodes)
        let perNodeText = JobEnvironment.compressedCounts(perNode)
        var v: [(String, String)] = [
            ("SLURM_STEP_ID", "\(stepID)"), ("SLURM_STEPID", "\(stepID)"),
            ("SLURM_STEP_NODELIST", nodeList), ("SLURM_STEP_NUM_NODES", "\(nodes.count)"),
            ("SLURM_STEP_NUM_TASKS", "\(tasks.count)"), ("SLURM_STEP_TASKS_PER_NODE", perNodeText),
            ("SLURM_NODELIST", nodeList), ("SLURM_NNODES", "\(nodes.count)"),
            ("SLURM_NTASKS", "\(tasks.count)"), ("SLURM_NPROCS", "\(tasks.count)"), ("SLURM_TASKS_PER_NODE", perNodeText),
            ("SLURM_PROCID", "\(task.rank)"), ("SLURM_LOCALID", "\(task.localID)"), ("SLURM_NODEID", "\(task.nodeIndex)"),
            ("SLURM_DISTRIBUTION", "block"),
            ("AISCHED_CPUS", task.cpus.map(String.init).joined(separator: ",")),
            ("AISCHED_GPUS", task.gpus.map(String.init).joined(separator: ",")),
        ]
        if let c = layout.cpusPerTask { v.append(("SLURM_CPUS_PER_TASK", "\(c)")) }
        if let g = layout.gpusPerTask { v.append(("SLURM_GPUS_PER_TASK", "\(g)")) }
        return base + v.map { "\($0.0)=\($0.1)" }
    }
}
