/// sbatch's input environment variables (`SBATCH_TIMELIMIT=1:00:00 aisubmit submit job.sh`): each stands for an
/// option and ranks between the command line and the script's directives, as in sbatch. Only variables of
/// options aisubmit knows are read; sbatch has no SBATCH_NODES, SBATCH_NTASKS or SBATCH_CPUS_PER_TASK either.
public enum SbatchEnvironment {
    /// Variable → option, from sbatch(1) INPUT ENVIRONMENT VARIABLES.
    static let variables: [String: String] = [
        "SBATCH_ACCOUNT": "--account", "SBATCH_ARRAY_INX": "--array", "SBATCH_CLUSTERS": "--clusters",
        "SBATCH_CONSTRAINT": "--constraint", "SBATCH_CPUS_PER_GPU": "--cpus-per-gpu", "SBATCH_ERROR": "--error",
        "SBATCH_EXCLUSIVE": "--exclusive", "SBATCH_EXPORT": "--export", "SBATCH_GPUS": "--gpus",
        "SBATCH_GPUS_PER_NODE": "--gpus-per-node", "SBATCH_GPUS_PER_TASK": "--gpus-per-task", "SBATCH_GRES": "--gres",
        "SBATCH_HINT": "--hint", "SBATCH_JOB_NAME": "--job-name", "SBATCH_MEM_PER_CPU": "--mem-per-cpu",
        "SBATCH_MEM_PER_GPU": "--mem-per-gpu", "SBATCH_MEM_PER_NODE": "--mem", "SBATCH_NO_REQUEUE": "--no-requeue",
        "SBATCH_OPEN_MODE": "--open-mode", "SBATCH_OUTPUT": "--output", "SBATCH_OVERCOMMIT": "--overcommit",
        "SBATCH_PARTITION": "--partition", "SBATCH_QOS": "--qos", "SBATCH_REQUEUE": "--requeue",
        "SBATCH_RESERVATION": "--reservation", "SBATCH_SIGNAL": "--signal", "SBATCH_TIMELIMIT": "--time",
        "SBATCH_WAIT_ALL_NODES": "--wait-all-nodes",
    ]

    /// The options the submitter's environment sets; every bad variable is reported, together.
    public static func options(from environment: [String: String]) throws(BatchScriptError) -> SubmitOptions {
        var options = SubmitOptions()
        var problems: [BatchScriptError] = []
        for (name, option) in variables.sorted(by: { $0.key < $1.key }) {
            guard let value = environment[name], let spec = SubmitOptionTable.lookup(option) else { continue }
            // A flag's variable says "on" by being set; an optional value is passed when there is one.
            let argument: String? = switch spec.arity {
            case .flag: nil
            case .optional: value.isEmpty ? nil : value
            case .required: value
            }
            do throws(BatchScriptError) {
                try options.apply(option: option, value: argument, source: .environment(name))
            } catch {
                problems.append(error)
            }
        }
        if let error = BatchScriptError.combining(problems) { throw error }
        return options
    }
}
