extension Job {
    /// Whether the job's part on the node at `rank` runs the job's command. A batch script's body runs once, on
    /// the first node, as under sbatch; the other nodes hold their share for the tasks `srun` starts there. A
    /// command given after `--` runs on every node (as `srun --ntasks-per-node=1 COMMAND` would). An interactive
    /// allocation runs nothing of its own anywhere: its submitter's steps do.
    public func runsCommand(onRank rank: Int) -> Bool {
        spec.interactive != true && (rank == 0 || spec.script == nil)
    }

    /// The CPUs the job's processes on `part` are bound to: all of its share, or for `--hint=nomultithread` one
    /// thread of each of its (whole) cores.
    public func boundCPUs(of part: NodeAllocation, on topology: NodeTopology?) -> [Int] {
        guard spec.request.wholeCores == true, let topology else { return part.cpus }
        return topology.oneThreadPerCore(of: part.cpus)
    }

    /// Whether the part at `rank` opens the output files truncated (sbatch's default open mode): only the first
    /// node, and only when no other node writes to the same files (a batch body runs once; a command on every node
    /// appends from each, so that no node's first lines are cut by another's start).
    public func truncatesOutput(onRank rank: Int) -> Bool {
        spec.appendOutput != true && rank == 0 && runsCommand(onRank: 0) && (spec.script != nil || spec.request.nodes == 1)
    }

    /// Whether the clean end of the part at `rank` ends the job. A batch script's body is the job, as under sbatch:
    /// its end (rank 0) ends the job and stops what the other nodes still run. A command on every node is one task
    /// per node, as `srun` starts them, and srun waits for all of its tasks: the job ends with its last part, so a
    /// fast first node does not kill the others' work. An interactive allocation lives as long as its first node's
    /// share. (A failing part ends the job in every case: see `Scheduler.partEnded`.)
    public func cleanEndEndsJob(rank: Int) -> Bool {
        (spec.script != nil || spec.interactive == true) ? rank == 0 : activeNodes.isEmpty
    }
}
