import SchedulerProtocol

/// The job options given at one precedence level (the command line, `#AISUBMIT` or `#SBATCH` directives),
/// kept as given until `toSubmission(context:)` turns them into a `JobSubmission`.
///
/// Values stay in their option's own terms (GPUs in total, memory per GPU, tasks in total) because they
/// can only be reduced to per-node numbers once every level is merged: `aisubmit submit --nodes=4 job.sh`
/// must re-divide a script's `#SBATCH --gpus=16`. Properties are read-only from outside so that every value
/// has the origin (option spelling, line) that error messages and precedence rely on; set them with
/// `apply(option:value:source:)`.
public struct SubmitOptions: Sendable, Equatable {
    public internal(set) var jobName: String?
    public internal(set) var project: String?
    public internal(set) var workdir: String?
    /// May contain `%j` (job id, expanded by the server) and `%x` (job name, expanded by `toSubmission`).
    public internal(set) var stdoutPath: String?
    public internal(set) var stderrPath: String?
    public internal(set) var nodes: UInt32?
    public internal(set) var cpusPerTask: UInt32?
    /// `--ntasks-per-node`
    public internal(set) var tasksPerNode: UInt32?
    /// `-n/--ntasks`, over all nodes.
    public internal(set) var tasks: UInt32?
    /// `--ntasks-per-gpu`: tasks per node = this × GPUs per node.
    public internal(set) var tasksPerGPU: UInt32?
    /// `--cpus-per-gpu`: CPUs per node = this × GPUs per node (instead of `--cpus-per-task`).
    public internal(set) var cpusPerGPU: UInt32?
    /// `--mincpus`: at least this many CPUs on each node.
    public internal(set) var minCPUs: UInt32?
    /// `-O/--overcommit`: CPUs for one task per node; the tasks share them.
    public internal(set) var overcommit: Bool?
    public internal(set) var memory: MemoryRequest?
    public internal(set) var gpus: GPURequest?
    public internal(set) var exclusive: Bool?
    public internal(set) var hold: Bool?
    public internal(set) var qos: String?
    /// `--time` in seconds; 0: no limit (`UNLIMITED`, `INFINITE`, `0`, as Slurm reads them).
    public internal(set) var timeLimitSeconds: UInt64?
    /// `--export` entries other than ALL/NONE: `NAME=value`, or a bare `NAME` taken from the submitter's environment.
    public internal(set) var exports: [String]?
    /// Whether the submitter's whole environment goes with the job: `--export` with ALL, or no `--export` (Slurm's
    /// default); false for NONE, NIL or a list without ALL.
    public internal(set) var exportAll: Bool?
    /// `--export` as written, for SLURM_EXPORT_ENV.
    public internal(set) var exportText: String?
    /// `-a/--array`, as given (the server expands it).
    public internal(set) var array: String?
    /// `-d/--dependency`, as given (the server parses and enforces it).
    public internal(set) var dependency: String?
    /// `-b/--begin`, as given (`BeginTime` turns it into an instant).
    public internal(set) var begin: String?
    /// `--parsable`: print only the job id (an output option of the client, as in sbatch).
    public internal(set) var parsable: Bool?
    /// `-p/--partition`: the partitions the job may run in (the server checks they exist).
    public internal(set) var partitions: [String]?
    /// `-C/--constraint`, as given (the server parses and enforces it).
    public internal(set) var constraint: String?
    /// `--comment`: kept with the job and shown by `show`.
    public internal(set) var comment: String?
    /// `--open-mode`: true to append to existing output files, false to truncate them (Slurm's default).
    public internal(set) var appendOutput: Bool?
    /// `--requeue` (true) / `--no-requeue` (false).
    public internal(set) var requeue: Bool?
    /// `--nice[=N]`: lowers the job's priority by N (100 without a value).
    public internal(set) var nice: Int32?
    /// `--hint=nomultithread` (true): CPUs count whole cores, one thread each; `multithread` (false).
    public internal(set) var wholeCores: Bool?
    /// `--signal`, in its canonical form (`B:USR1@120`), checked by the core's rule.
    public internal(set) var signal: String?
    /// `--mail-type`, canonical (`BEGIN,END`; `NONE` for none), checked by the core's rule.
    public internal(set) var mailType: String?
    /// `--mail-user`, as given.
    public internal(set) var mailUser: String?
    /// Accepted-but-ignored options and similar notes, in line order (command line first).
    public internal(set) var warnings: [BatchScriptWarning] = []

    /// Which option set each field; drives precedence, same-level conflict checks and error messages.
    var origins: [Field: OptionUse] = [:]

    public init() {}

    /// Parses and records one option, e.g. `apply(option: "--time", value: "1:00:00", source: .commandLine)`.
    ///
    /// `option` is spelled as the user wrote it (`-t` or `--time`); `value` is nil for flags. A value from a
    /// lower-precedence source than one already held is ignored, so the result does not depend on call order;
    /// at the same level the later value wins, as with repeated sbatch options.
    public mutating func apply(option: String, value: String?, source: OptionSource) throws(BatchScriptError) {
        guard let spec = SubmitOptionTable.lookup(option) else {
            throw SubmitOptionTable.unknownOption(option, source: source)
        }
        switch (spec.arity, value) {
        case (.flag, .some(let value)):
            throw BatchScriptError(.unexpectedValue, source: source,
                                   message: "\(option) takes no value (got \"\(value)\"); write just \(option)")
        case (.required, nil):
            throw SubmitOptionTable.missingValue(option, spec: spec, source: source)
        default:
            break
        }
        let use = OptionUse(spelling: option, canonical: spec.canonicalName, value: value, source: source)
        try spec.apply(&self, value, use)
    }

    /// These options with every field that `self` does not set taken from `lower`; `self` wins.
    ///
    /// Options that describe one thing in different ways replace each other as a whole: a command-line
    /// `--ntasks-per-node` discards a script's `--ntasks`, and `--mem` discards `--mem-per-gpu`.
    public func merged(over lower: SubmitOptions) -> SubmitOptions {
        var result = lower
        let groupsSetHere = Set(origins.keys.map(\.group))
        for field in Field.allCases where groupsSetHere.contains(field.group) {
            result.copy(field, from: self)
        }
        result.warnings = Self.lineOrder(lower.warnings + warnings)
        return result
    }

    // MARK: - Recording values

    enum Field: Hashable, CaseIterable, Sendable {
        case jobName, project, workdir, stdoutPath, stderrPath, nodes, cpusPerTask, tasksPerNode, tasks
        case memory, gpus, exclusive, hold, qos, timeLimit, exports, array, dependency, begin
        case tasksPerGPU, cpusPerGPU, minCPUs, parsable, overcommit, exportAll, exportText, partitions, constraint
        case comment, appendOutput, requeue, nice, wholeCores
        case signal, mailType, mailUser

        /// Fields that only make sense together or say one thing two ways, and so are overridden together.
        var group: Field {
            switch self {
            case .tasks, .tasksPerGPU: .tasksPerNode
            case .cpusPerGPU: .cpusPerTask
            case .exportAll, .exportText: .exports
            default: self
            }
        }
    }

    /// Stores `value` unless a higher-precedence source already set this field's group.
    ///
    /// `exclusiveWithin` marks fields that several different options can set (memory, GPUs): at the same
    /// level two of those that disagree are a contradiction in the script, which sbatch rejects too.
    mutating func record<T: Equatable>(_ keyPath: WritableKeyPath<SubmitOptions, T?>, _ value: T, as field: Field,
                                       _ use: OptionUse, exclusiveWithin: Bool = false) throws(BatchScriptError) {
        let rank = use.source.precedence
        let groupFields = Field.allCases.filter { $0.group == field.group }
        let held = groupFields.compactMap { origins[$0]?.source.precedence }.max()
        if let held, held > rank { return }
        if let held, held < rank {
            for other in groupFields { clear(other) }
        }
        if exclusiveWithin, let old = origins[field], old.source.precedence == rank,
           old.canonical != use.canonical, self[keyPath: keyPath] != value {
            throw BatchScriptError(.conflict, source: use.source,
                                   message: "\(use.shown) conflicts with \(old.shown) \(Self.place(of: old)); give only one of them")
        }
        self[keyPath: keyPath] = value
        origins[field] = use
    }

    mutating func warn(_ message: String, _ use: OptionUse) {
        warnings.append(BatchScriptWarning(line: use.source.line, message: message))
    }

    private mutating func clear(_ field: Field) {
        copy(field, from: SubmitOptions())
    }

    /// Copies one field and its origin; the one place that maps `Field` to storage.
    private mutating func copy(_ field: Field, from other: SubmitOptions) {
        origins[field] = other.origins[field]
        switch field {
        case .jobName: jobName = other.jobName
        case .project: project = other.project
        case .workdir: workdir = other.workdir
        case .stdoutPath: stdoutPath = other.stdoutPath
        case .stderrPath: stderrPath = other.stderrPath
        case .nodes: nodes = other.nodes
        case .cpusPerTask: cpusPerTask = other.cpusPerTask
        case .tasksPerNode: tasksPerNode = other.tasksPerNode
        case .tasks: tasks = other.tasks
        case .memory: memory = other.memory
        case .gpus: gpus = other.gpus
        case .exclusive: exclusive = other.exclusive
        case .hold: hold = other.hold
        case .qos: qos = other.qos
        case .timeLimit: timeLimitSeconds = other.timeLimitSeconds
        case .exports: exports = other.exports
        case .array: array = other.array
        case .dependency: dependency = other.dependency
        case .begin: begin = other.begin
        case .tasksPerGPU: tasksPerGPU = other.tasksPerGPU
        case .cpusPerGPU: cpusPerGPU = other.cpusPerGPU
        case .minCPUs: minCPUs = other.minCPUs
        case .parsable: parsable = other.parsable
        case .overcommit: overcommit = other.overcommit
        case .exportAll: exportAll = other.exportAll
        case .exportText: exportText = other.exportText
        case .partitions: partitions = other.partitions
        case .constraint: constraint = other.constraint
        case .comment: comment = other.comment
        case .appendOutput: appendOutput = other.appendOutput
        case .requeue: requeue = other.requeue
        case .nice: nice = other.nice
        case .wholeCores: wholeCores = other.wholeCores
        case .signal: signal = other.signal
        case .mailType: mailType = other.mailType
        case .mailUser: mailUser = other.mailUser
        }
    }

    /// "on line 3" / "on the command line" / "in SBATCH_GRES", for messages that point at a second option.
    static func place(of use: OptionUse) -> String {
        if case .environment(let name) = use.source { return "in \(name)" }
        guard let line = use.source.line else { return "on the command line" }
        return "on line \(line)"
    }

    /// Stable sort by line, command line (no line) first, so merged warnings read top to bottom.
    static func lineOrder(_ warnings: [BatchScriptWarning]) -> [BatchScriptWarning] {
        warnings.enumerated().sorted { a, b in
            let (la, lb) = (a.element.line ?? 0, b.element.line ?? 0)
            return la != lb ? la < lb : a.offset < b.offset
        }.map(\.element)
    }
}

/// One use of an option: how it was spelled, its value and where it came from.
struct OptionUse: Sendable, Hashable {
    var spelling: String
    /// The table's first name for the option, so `-t` and `--time` count as the same option.
    var canonical: String
    var value: String?
    var source: OptionSource

    /// `--time "1:xx:00": expected …`, the shape every value error takes.
    func invalid(_ expected: String, kind: BatchScriptError.Kind = .invalidValue) -> BatchScriptError {
        BatchScriptError(kind, source: source, message: "\(shown): \(expected)")
    }

    /// The option with its value quoted, as it appears at the start of messages.
    var shown: String {
        if case .environment(let name) = source { return "\(name)=\"\(value ?? "")\" (\(canonical))" }
        guard let value else { return spelling }
        return "\(spelling) \"\(value)\""
    }
}

extension OptionSource {
    /// Higher wins: command line over `#AISUBMIT` over `#SBATCH`.
    var precedence: Int {
        switch self {
        case .commandLine: 3
        case .environment: 2
        case .directive(.aisubmit, _, _): 1
        case .directive(.sbatch, _, _): 0
        }
    }
}
