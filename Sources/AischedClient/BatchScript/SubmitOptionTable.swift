/// One job option: its names, whether it takes a value, and what it does to `SubmitOptions`.
///
/// The single description shared by `#SBATCH`/`#AISUBMIT` directives and the `aisubmit submit` command line,
/// so the two cannot drift apart; `aisubmit --help` can be rendered from it too.
public struct SubmitOptionSpec: Sendable {
    public enum Arity: Sendable, Equatable {
        case flag
        case required
        /// Only as `--opt=value` (or `-Xvalue`), as getopt does for optional arguments.
        case optional
    }

    /// Spellings with dashes; the first is the canonical one (`["--time", "-t"]`).
    public let names: [String]
    public let arity: Arity
    /// A valid use, shown in help and in "needs a value" errors.
    public let example: String
    public let help: String
    /// False for Slurm options that are refused with what to do instead.
    public let isActedOn: Bool
    let apply: @Sendable (inout SubmitOptions, String?, OptionUse) throws(BatchScriptError) -> Void

    public var canonicalName: String { names[0] }
}

/// The option table and the lookups built on it.
public enum SubmitOptionTable {
    typealias Apply = @Sendable (inout SubmitOptions, String?, OptionUse) throws(BatchScriptError) -> Void
    typealias Field = SubmitOptions.Field

    public static let all: [SubmitOptionSpec] = [
        spec(["--job-name", "-J"], .required, "--job-name=train", "job name (default: the script's file name)",
             text(\.jobName, .jobName)),
        spec(["--account", "-A"], .required, "--account=vision", "project to charge", text(\.project, .project)),
        spec(["--project"], .required, "--project=vision", "same as --account", text(\.project, .project)),
        spec(["--chdir", "-D"], .required, "--chdir=/data/run1", "working directory on the nodes",
             text(\.workdir, .workdir)),
        spec(["--output", "-o"], .required, "--output=logs/%x-%j.out", "stdout file; %j = job id, %x = job name",
             text(\.stdoutPath, .stdoutPath)),
        spec(["--error", "-e"], .required, "--error=logs/%x-%j.err", "stderr file (default: with stdout)",
             text(\.stderrPath, .stderrPath)),
        spec(["--nodes", "-N"], .required, "--nodes=2", "number of nodes", applyNodes),
        spec(["--cpus-per-task", "-c"], .required, "--cpus-per-task=8", "CPUs per task",
             count(\.cpusPerTask, .cpusPerTask, "CPUs")),
        spec(["--ntasks-per-node", "--tasks-per-node"], .required, "--ntasks-per-node=8",
             "tasks per node (CPUs = tasks × cpus-per-task)", count(\.tasksPerNode, .tasksPerNode, "tasks")),
        spec(["--ntasks-per-gpu"], .required, "--ntasks-per-gpu=2", "tasks per GPU (tasks per node = this × GPUs per node)",
             count(\.tasksPerGPU, .tasksPerGPU, "tasks")),
        spec(["--ntasks", "-n"], .required, "--ntasks=16", "tasks in total, divided evenly over the nodes",
             count(\.tasks, .tasks, "tasks")),
        spec(["--mem"], .required, "--mem=64G", "memory per node (K/M/G/T, default MB)", memory { .perNode(megabytes: $0) }),
        spec(["--mem-per-gpu"], .required, "--mem-per-gpu=32G", "memory per GPU", memory { .perGPU(megabytes: $0) }),
        spec(["--mem-per-cpu"], .required, "--mem-per-cpu=4G", "memory per CPU", memory { .perCPU(megabytes: $0) }),
        spec(["--gres"], .required, "--gres=gpu:a100:8", "GPUs per node: gpu[:MODEL][:COUNT]", applyGres),
        spec(["--gpus-per-node"], .required, "--gpus-per-node=a100:8", "GPUs per node: [MODEL:]COUNT",
             gpus(.perNode)),
        spec(["--gpus", "-G"], .required, "--gpus=16", "GPUs in total, divided evenly over the nodes",
             gpus(.total)),
        spec(["--gpus-per-task"], .required, "--gpus-per-task=1", "GPUs per task: [MODEL:]COUNT (× tasks per node)",
             gpus(.perTask)),
        spec(["--cpus-per-gpu"], .required, "--cpus-per-gpu=12", "CPUs per GPU (instead of --cpus-per-task)",
             count(\.cpusPerGPU, .cpusPerGPU, "CPUs")),
        spec(["--mincpus"], .required, "--mincpus=32", "at least this many CPUs on each node",
             count(\.minCPUs, .minCPUs, "CPUs")),
        spec(["--wait-all-nodes"], .required, "--wait-all-nodes=1",
             "0 or 1; aisched always starts a job once all its nodes are ready", applyWaitAllNodes),
        spec(["--overcommit", "-O"], .flag, "--overcommit",
             "CPUs for one task per node (--cpus-per-task), shared by all its tasks", { o, _, u throws(BatchScriptError) in
            try o.record(\.overcommit, true, as: .overcommit, u)
        }),
        spec(["--parsable"], .flag, "--parsable", "print only the job id", { o, _, u throws(BatchScriptError) in
            try o.record(\.parsable, true, as: .parsable, u)
        }),
        spec(["--exclusive"], .optional, "--exclusive", "do not share nodes with other jobs", applyExclusive),
        spec(["--hold", "-H"], .flag, "--hold", "submit held; release later", { o, _, u throws(BatchScriptError) in
            try o.record(\.hold, true, as: .hold, u)
        }),
        spec(["--qos", "-q"], .required, "--qos=high", "quality of service", text(\.qos, .qos)),
        spec(["--time", "-t"], .required, "--time=1-12:00:00", "time limit: M, M:S, H:M:S, D-H[:M[:S]], UNLIMITED",
             applyTime),
        spec(["--export"], .required, "--export=ALL,WANDB_MODE=offline", "extra environment: NAME=value,…", applyExport),
        spec(["--array", "-a"], .required, "--array=0-15%4", "job array: one job per task, at most N at once with %N",
             text(\.array, .array)),
        spec(["--dependency", "-d"], .required, "--dependency=afterok:123", "start after other jobs (afterok, afterany, afternotok, singleton)",
             text(\.dependency, .dependency)),
        spec(["--begin", "-b"], .required, "--begin=now+1hour", "not before this time (now+1hour, 16:00, 2027-01-15T08:30)",
             text(\.begin, .begin)),
        spec(["--partition", "-p"], .required, "--partition=gpu", "partitions the job may run in: NAME[,NAME…]",
             { o, value, u throws(BatchScriptError) in
            let names = (value ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            guard !names.isEmpty, !names.contains(where: \.isEmpty) else { throw u.invalid("expected NAME[,NAME…]") }
            try o.record(\.partitions, names, as: .partitions, u)
        }),
        spec(["--constraint", "-C"], .required, "--constraint=a100&nvlink",
             "node features: one, all (a&b) or any (a|b); GPU models are features", text(\.constraint, .constraint)),
        spec(["--requeue"], .flag, "--requeue", "requeue the job if its node fails (it restarts from the beginning)",
             { o, _, u throws(BatchScriptError) in try o.record(\.requeue, true, as: .requeue, u) }),
        spec(["--no-requeue"], .flag, "--no-requeue", "never requeue: a node failure ends it NODE_FAIL, preemption CANCELLED",
             { o, _, u throws(BatchScriptError) in try o.record(\.requeue, false, as: .requeue, u) }),
        spec(["--open-mode"], .required, "--open-mode=append", "append or truncate (default) the output files",
             applyOpenMode),
        spec(["--comment"], .required, "--comment=\"ablation 3\"", "a note kept with the job (shown by aisubmit show)",
             text(\.comment, .comment)),
        spec(["--nice"], .optional, "--nice=10", "lower the job's priority by N (100 without a value; below 0: admins)",
             applyNice),
        spec(["--signal"], .required, "--signal=B:USR1@120",
             "send SIGNAL SECONDS before the time limit (default 60): to the steps' tasks, or with B: the batch shell",
             applySignal),
        spec(["--mail-type"], .required, "--mail-type=END,FAIL",
             "mail on BEGIN, END, FAIL, REQUEUE, ALL, INVALID_DEPEND, TIME_LIMIT[_90|_80|_50], ARRAY_TASKS, NONE",
             applyMailType),
        spec(["--mail-user"], .required, "--mail-user=me@example.org", "who gets the mail (default: you)",
             applyMailUser),
        refused(["--reservation"], .required, "--reservation=maint",
                "aisched has no advance reservations; remove it (admins keep nodes free by draining them)"),
        refused(["--tmp"], .required, "--tmp=200G",
                "aisched does not schedule node-local disk; remove it and use the node's scratch directory"),
        refused(["--cluster", "--clusters", "-M"], .required, "--cluster=other",
                "one schedd is one cluster; submit to another centre with --server HOST:PORT instead"),
        refused(["--licenses", "-L"], .required, "--licenses=scratch", "aisched has no licenses; remove it"),
        refused(["--nodelist", "-w"], .required, "--nodelist=gpu01", "aisched chooses the nodes itself; remove it"),
        refused(["--exclude", "-x"], .required, "--exclude=gpu01", "aisched chooses the nodes itself; remove it"),
        refused(["--time-min"], .required, "--time-min=1:00:00",
                "aisched does not shorten time limits to start jobs sooner; remove it (an honest --time lets backfill start short jobs early)"),
        refused(["--ntasks-per-core"], .required, "--ntasks-per-core=1",
                "for one task per core give --hint=nomultithread (whole cores, one thread each) and remove it"),
        spec(["--hint"], .required, "--hint=nomultithread", "nomultithread/compute_bound: whole cores, one thread each; multithread (default)", applyHint),
    ]

    static let byName: [String: SubmitOptionSpec] = {
        var table: [String: SubmitOptionSpec] = [:]
        for spec in all {
            for name in spec.names {
                precondition(table[name] == nil, "option \(name) is listed twice")
                table[name] = spec
            }
        }
        return table
    }()

    /// The spec for a spelling such as `--time` or `-t`.
    public static func lookup(_ name: String) -> SubmitOptionSpec? { byName[name] }

    /// One line per option, for `aisubmit submit --help`.
    public static var usage: String {
        all.map { spec in
            let names = spec.names.sorted { $0.count < $1.count }.joined(separator: ", ")
            let note = spec.help
            return "  \(names.padding(toLength: 24, withPad: " ", startingAt: 0)) \(note) (e.g. \(spec.example))"
        }.joined(separator: "\n")
    }

    // MARK: - Errors for names not in the table

    static func unknownOption(_ name: String, source: OptionSource) -> BatchScriptError {
        let advice = suggestion(for: name).map { "did you mean \($0)?" }
            ?? "run `aisubmit submit --help` for the options aisched understands"
        return BatchScriptError(.unknownOption, source: source, message: "unknown option \(name); \(advice)")
    }

    static func missingValue(_ name: String, spec: SubmitOptionSpec, source: OptionSource) -> BatchScriptError {
        BatchScriptError(.missingValue, source: source, message: "\(name) needs a value, e.g. \(spec.example)")
    }

    /// The option the user most likely meant: a unique long option the name abbreviates (getopt_long accepts
    /// those, we do not), else the closest long name within two edits, else a short option differing in case.
    static func suggestion(for name: String) -> String? {
        let longNames = byName.keys.filter { $0.hasPrefix("--") }
        if name.hasPrefix("--") {
            let extensions = longNames.filter { $0.hasPrefix(name) }
            if extensions.count == 1 { return extensions[0] }
            let scored = longNames.map { (name: $0, distance: editDistance($0, name)) }
                .filter { $0.distance <= 2 }
                .min { ($0.distance, $0.name) < ($1.distance, $1.name) }
            return scored?.name
        }
        let swapped = name.count == 2 ? "-" + (name.last!.isUppercase ? name.last!.lowercased() : name.last!.uppercased()) : ""
        return byName[swapped] == nil ? nil : swapped
    }

    /// Edit distance counting a swap of neighbours as one edit, the commonest typo (`--tiem`).
    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in stride(from: 1, through: a.count, by: 1) {
            for j in stride(from: 1, through: b.count, by: 1) {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }

    // MARK: - Building the table

    private static func spec(_ names: [String], _ arity: SubmitOptionSpec.Arity, _ example: String, _ help: String,
                             _ apply: @escaping Apply) -> SubmitOptionSpec {
        SubmitOptionSpec(names: names, arity: arity, example: example, help: help, isActedOn: true, apply: apply)
    }

    /// A real Slurm option aisched cannot honour: known to the table (so its value is skipped and the rest of the
    /// line is still read), refused with what to do instead.
    private static func refused(_ names: [String], _ arity: SubmitOptionSpec.Arity, _ example: String,
                                _ instead: String) -> SubmitOptionSpec {
        SubmitOptionSpec(names: names, arity: arity, example: example, help: "refused: \(instead)", isActedOn: false) {
            _, _, u throws(BatchScriptError) in
            throw BatchScriptError(.unsupported, source: u.source, message: "\(u.spelling) is not supported by aisched: \(instead)")
        }
    }

}
