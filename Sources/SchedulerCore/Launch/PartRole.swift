extension Job {
    /// Whether the job's part on the node at `rank` runs the job's command. A batch script's body runs once, on
    /// the first node, as under sbatch; the other nodes hold their share for the tasks `srun` starts there. A
    /// command given after `--` runs on every node (as `srun --ntasks-per-node=1 COMMAND` would). An interactive
    /// allocation runs nothing of its own anywhere: its submitter's steps do.
    public func runsCommand(onRank rank: Int) -> Bool {
        spec.interactive != true && (rank == 0 || spec.script == nil)
    }

    /// Whether the part at `rank` opens the output files truncated (sbatch's default open mode): only the first
    /// node, and only when no other node writes to the same files (a batch body runs once; a command on every node
    /// appends from each, so that no node's first lines are cut by another's start).
    /// The CPUs the job's processes on `part` are bound to: all of its share, or for `--hint=nomultithread` one
    /// thread of each of its (whole) cores.
    public func boundCPUs(of part: NodeAllocation, on topology: NodeTopology?) -> [Int] {
        guard spec.request.wholeCores == true, let topology else { return part.cpus }
        return topology.oneThreadPerCore(of: part.cpus)
    }

    public func truncatesOutput(onRank rank: Int) -> Bool {
        spec.appendOutput != true && rank == 0 && runsCommand(onRank: 0) && (spec.script != nil || spec.request.nodes == 1)
    }
}
