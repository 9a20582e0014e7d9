/// What one node is told to do for its part of a job, decided by the core: where its processes are bound, the
/// environment they find (rank 0's address and port for torchrun, Slurm's variables), whether the node runs the
/// command or only holds its share for `srun`'s tasks, how it opens the output files and when its time is up.
/// schedd ships it as it is (`LaunchJob`); the job's own fields (argv, workdir, output paths) go with it unchanged.
public struct LaunchPlan: Hashable, Sendable {
    /// The node's position in the allocation (0 runs a batch script's body).
    public var rank: Int
    /// The CPUs the processes are bound to (one thread per core for `--hint=nomultithread`).
    public var cpus: [Int]
    public var gpus: [Int]
    public var numaNodes: [Int]
    public var memoryMB: Int64
    /// Every node of the job, rank 0 first.
    public var nodeList: [String]
    /// Where the other nodes reach rank 0 (its registered address) and the port torchrun rendezvouses on.
    public var masterAddress: String
    public var masterPort: Int
    /// The time limit in whole seconds, rounded up (0: none), as the agent enforces it.
    public var timeLimitSeconds: Int64
    /// `KEY=value`, in the order they apply (`JobEnvironment.variables`).
    public var environment: [String]
    /// The node runs nothing of its own: it holds its share for the tasks `srun` starts there.
    public var holdsForSteps: Bool
    /// The output files are opened truncated (sbatch's default) rather than appended to.
    public var truncatesOutput: Bool
    public var warningSignal: WarningSignal?
    /// The run this launch belongs to (`Job.epoch`), so an agent's reports about an earlier run are told apart.
    public var epoch: Int
}

extension Job {
    /// The launch plan for this job's part on `node`, nil when the node holds no part of its allocation. `nodes`
    /// gives rank 0's registered address and each node's topology (for binding one thread per core).
    public func launchPlan(on node: String, nodes: [String: Node]) -> LaunchPlan? {
        guard let allocation, let rank = allocation.rank(of: node) else { return nil }
        let part = allocation.nodes[rank]
        let master = allocation.nodes[0].node
        let environment = JobEnvironment(job: self, allocation: allocation, rank: rank,
                                         masterAddress: nodes[master]?.inventory.address ?? master)
        return LaunchPlan(rank: rank, cpus: boundCPUs(of: part, on: nodes[node]?.inventory.topology), gpus: part.gpus,
                          numaNodes: part.numaNodes, memoryMB: max(0, part.memoryMB), nodeList: allocation.nodeNames,
                          masterAddress: environment.masterAddress, masterPort: JobEnvironment.masterPort(of: id),
                          timeLimitSeconds: ((spec.request.timeLimit?.milliseconds ?? 0) + 999) / 1000,
                          environment: environment.variables, holdsForSteps: !runsCommand(onRank: rank),
                          truncatesOutput: truncatesOutput(onRank: rank), warningSignal: spec.warningSignal,
                          epoch: epoch)
    }
}
