extension Job {
    /// Whether the job's part on the node at `rank` runs the job's command. A batch script's body runs once, on
    /// the first node, as under sbatch; the other nodes hold their share for the tasks `srun` starts there. A
    /// command given after `--` runs on every node (as `srun --ntasks-per-node=1 COMMAND` would).
    public func runsCommand(onRank rank: Int) -> Bool { rank == 0 || spec.script == nil }
}
