extension Job {
    /// Whether the job's part on the node at `rank` runs the job's command. A batch script's body runs once, on
    /// the first node, as under sbatch; the other nodes hold their share for the tasks `srun` starts there. A
    /// command given after `--` runs on every node (as `srun --ntasks-per-node=1 COMMAND` would). An interactive
    /// allocation runs nothing of its own anywhere: its submitter's steps do.
    public func runsCommand(onRank rank: Int) -> Bool {
        spec.interactive != true && (rank == 0 || spec.script == nil)
    }
}
