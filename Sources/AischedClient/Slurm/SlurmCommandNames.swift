/// Slurm's command names and the aisubmit subcommands that do what they do: the one table behind `aisubmit` run
/// under a Slurm name (a symlink `sbatch` → `aisubmit`, installed by the package in
/// `/usr/lib/aisched/slurm-commands`) and behind the wrappers the node agent puts first on every job's PATH.
public enum SlurmCommandNames {
    /// Every name aisched answers to.
    public static let all = ["sbatch", "srun", "salloc", "squeue", "scancel", "sinfo", "scontrol", "sacct"]

    /// The aisubmit words for Slurm's `name`; nil for a name that is not one of Slurm's. `srun` inside a job
    /// starts a step in it; outside one it allocates and runs, as Slurm's srun does.
    public static func aisubmitWords(for name: String, insideJob: Bool) -> [String]? {
        switch name {
        case "sbatch": ["submit"]
        case "srun": [insideJob ? "srun" : "run"]
        case "salloc": ["alloc"]
        case "squeue": ["queue"]
        case "scancel": ["cancel"]
        case "sinfo": ["nodes"]
        case "scontrol": ["scontrol"]
        case "sacct": ["history"]
        default: nil
        }
    }
}
