import SchedulerProtocol

/// What `toSubmission` needs from the submitting process that the options themselves do not say.
public struct SubmissionContext: Sendable, Equatable {
    /// The submitter's environment, for bare `--export=NAME` entries.
    public var environment: [String: String]
    /// Absolute; relative `--chdir` resolves against it, and it is the working directory when none is
    /// given (sbatch's default). nil leaves both to the server.
    public var currentDirectory: String?
    /// Used when no `--job-name` is given; sbatch uses the script's file name.
    public var defaultJobName: String?
    /// The submitting host's name (SLURM_SUBMIT_HOST); nil when unknown.
    public var hostName: String?

    public init(environment: [String: String] = [:], currentDirectory: String? = nil, defaultJobName: String? = nil,
                hostName: String? = nil) {
        self.environment = environment
        self.currentDirectory = currentDirectory
        self.defaultJobName = defaultJobName
        self.hostName = hostName
    }
}

extension SubmitOptions {
    /// The resource request these (merged) options describe. `argv` and `script` are left empty for the caller.
    ///
    /// Everything that depends on more than one option is worked out here, after merging: CPUs per node
    /// (cpus-per-task × tasks per node), GPUs per node from a total, memory per node from per-GPU/per-CPU
    /// memory, and `%x` in output paths. When only a total (`--ntasks`, `--gpus`) implies the node count,
    /// the submission says 1 node explicitly rather than leaving it to a server default the division assumed.
    /// Throws, pointing at the offending line, when those combinations do not work out.
    public func toSubmission(context: SubmissionContext = SubmissionContext()) throws(BatchScriptError) -> JobSubmission {
        var job = JobSubmission()
        job.name = jobName ?? context.defaultJobName ?? ""
        job.project = project ?? ""
        job.qos = qos ?? ""
        job.workdir = resolvedWorkdir(context.currentDirectory)
        job.stdoutPath = stdoutPath.map { Self.expandJobName($0, job.name) } ?? ""
        job.stderrPath = stderrPath.map { Self.expandJobName($0, job.name) } ?? ""
        job.hold = hold ?? false
        job.exclusive = exclusive ?? false
        job.timeLimitSeconds = timeLimitSeconds ?? 0
        // Slurm reads a zero limit (and UNLIMITED, INFINITE) as "no limit", not as "the default".
        job.timeUnlimited = timeLimitSeconds == 0
        job.environment = resolvedEnvironment(context.environment)
        if exportAll ?? true {
            job.inheritedEnvironment = Self.inheritable(context.environment)
        } else if let exportText {
            // As sbatch does, so that aisched's srun later exports the same way.
            job.environment.append("SLURM_EXPORT_ENV=\(exportText)")
        }
        job.partitions = partitions ?? []
        job.comment = comment ?? ""
        job.openMode = appendOutput.map { $0 ? "append" : "truncate" } ?? ""
        job.requeue = requeue.map { $0 ? 1 : 2 } ?? 0
        job.nice = nice ?? 0
        job.wholeCores = wholeCores ?? false
        job.constraint = constraint ?? ""
        job.signal = signal ?? ""
        job.mailType = mailType ?? ""
        job.mailUser = mailUser ?? ""
        job.submitDirectory = context.currentDirectory ?? ""
        job.submitHost = context.hostName ?? ""

        // The order follows the dependencies between options: nodes, then GPUs given per node or in total, then
        // tasks (--ntasks-per-gpu needs the GPUs), then GPUs per task, CPUs and memory (which need the tasks).
        let nodeCount = inferredNodes()
        var impliedSingleNode = false
        var gpusPerNode: UInt32 = 0
        if let gpus, let use = origins[.gpus] {
            job.gpuModel = gpus.model ?? ""
            switch gpus.scope {
            case .perNode, .perTask:
                gpusPerNode = gpus.count
            case .total:
                guard gpus.count % nodeCount == 0 else {
                    throw use.invalid("\(gpus.count) GPUs do not divide evenly over \(nodeCount) nodes\(nodesPlace); "
                                      + "use a multiple of \(nodeCount), or --gpus-per-node", kind: .unsupported)
                }
                gpusPerNode = gpus.count / nodeCount
                impliedSingleNode = nodes == nil
            }
        }

        let layout = try taskLayout(nodeCount: nodeCount, gpusPerNode: gpusPerNode)
        impliedSingleNode = impliedSingleNode || (layout.total != nil && nodes == nil)
        if let gpus, gpus.scope == .perTask {
            gpusPerNode = try Self.product(gpus.count, layout.perNode ?? 1, origins[.gpus],
                                           "GPUs per task × tasks per node is too large")
            job.gpusPerTask = gpus.count
        }
        job.gpusPerNode = gpusPerNode
        job.tasks = layout.total ?? 0
        // Only what was asked for: SLURM_NTASKS_PER_NODE exists only when the option was given.
        job.tasksPerNode = tasksPerNode != nil || tasksPerGPU != nil ? layout.perNode ?? 0 : 0

        if let perGPU = cpusPerGPU {
            guard gpusPerNode > 0 else {
                throw origins[.cpusPerGPU]!.invalid("CPUs per GPU needs a GPU count: add --gpus-per-node, --gres=gpu:N or "
                                                    + "--gpus-per-task", kind: .conflict)
            }
            job.cpusPerNode = try Self.product(perGPU, gpusPerNode, origins[.cpusPerGPU], "CPUs per GPU × GPUs per node is too large")
        } else if overcommit == true {
            // Slurm allocates as if one task ran per node; the node's tasks share those CPUs.
            job.cpusPerNode = cpusPerTask ?? 1
            job.overcommit = true
        } else if cpusPerTask != nil || layout.given {
            // Slurm's defaults: one CPU per task, one task per node.
            job.cpusPerNode = try Self.product(cpusPerTask ?? 1, layout.perNode ?? 1, origins[.cpusPerTask] ?? origins[.tasksPerNode],
                                               "CPUs per task × tasks per node is too large")
        }
        job.cpusPerTask = cpusPerTask ?? 0
        if let minCPUs { job.cpusPerNode = max(job.cpusPerNode == 0 ? 1 : job.cpusPerNode, minCPUs) }

        if let memory, let use = origins[.memory] {
            switch memory {
            case .perNode(let megabytes):
                job.memoryMBPerNode = megabytes
                // Slurm's --mem=0: all of each node's memory.
                job.allMemory = megabytes == 0
            case .perGPU(let megabytes):
                guard job.gpusPerNode > 0 else {
                    throw use.invalid("memory per GPU needs a GPU count: add --gres=gpu:N, --gpus-per-node=N or --gpus=N, "
                                      + "or give memory per node with --mem", kind: .conflict)
                }
                job.memoryMBPerNode = try Self.product(megabytes, UInt64(job.gpusPerNode), use, "memory per node would not fit in 64 bits")
            case .perCPU(let megabytes):
                guard job.cpusPerNode > 0 else {
                    throw use.invalid("memory per CPU needs a CPU count: add --cpus-per-task and/or --ntasks-per-node, "
                                      + "or give memory per node with --mem", kind: .conflict)
                }
                job.memoryMBPerNode = try Self.product(megabytes, UInt64(job.cpusPerNode), use, "memory per node would not fit in 64 bits")
            }
        }

        job.nodes = nodes ?? (nodeCount > 1 || impliedSingleNode ? nodeCount : 0)
        return job
    }

    /// The node count: `--nodes`, or as Slurm infers it from `--ntasks` over `--ntasks-per-node` (4 tasks at 2
    /// per node need 2 nodes), else 1.
    private func inferredNodes() -> UInt32 {
        if let nodes { return nodes }
        guard let total = tasks, let perNode = tasksPerNode, origins[.tasksPerNode] != nil else { return 1 }
        return (total + perNode - 1) / perNode
    }

    /// Tasks per node and in total, from whichever of --ntasks, --ntasks-per-node and --ntasks-per-gpu were given.
    private func taskLayout(nodeCount: UInt32, gpusPerNode: UInt32) throws(BatchScriptError) -> (total: UInt32?, perNode: UInt32?, given: Bool) {
        if let perGPU = tasksPerGPU, let use = origins[.tasksPerGPU] {
            guard gpusPerNode > 0 else {
                throw use.invalid("tasks per GPU needs a GPU count: add --gpus-per-node, --gres=gpu:N or --gpus",
                                  kind: .conflict)
            }
            let perNode = try Self.product(perGPU, gpusPerNode, use, "tasks per GPU × GPUs per node is too large")
            return (perNode * nodeCount, perNode, true)
        }
        guard let total = tasks, let use = origins[.tasks] else { return (nil, tasksPerNode, tasksPerNode != nil) }
        if let perNode = tasksPerNode {
            // Slurm reads --ntasks-per-node as a maximum, so a smaller total is fine; a larger one cannot fit.
            if UInt64(total) > UInt64(perNode) * UInt64(nodeCount) {
                throw use.invalid("\(total) tasks do not fit in \(nodeCount) node(s) × \(perNode) tasks per node; "
                                  + "raise --nodes or --ntasks-per-node, or lower --ntasks", kind: .conflict)
            }
            return (total, perNode, true)
        }
        guard total % nodeCount == 0 else {
            throw use.invalid("\(total) tasks do not divide evenly over \(nodeCount) nodes\(nodesPlace); "
                              + "aisched gives every node the same share, so use a multiple of \(nodeCount) "
                              + "or --ntasks-per-node", kind: .unsupported)
        }
        return (total, total / nodeCount, true)
    }

    /// " (--nodes on line 3)", pointing at the node count a division used, or "" when it was the default of 1.
    private var nodesPlace: String {
        guard let use = origins[.nodes] else { return "" }
        return " (\(use.spelling) \(Self.place(of: use)))"
    }

    /// `a × b`, or an error pointing at the option that made the product (`what`) too large.
    private static func product<T: FixedWidthInteger>(_ a: T, _ b: T, _ use: OptionUse?,
                                                      _ what: String) throws(BatchScriptError) -> T {
        let (total, overflow) = a.multipliedReportingOverflow(by: b)
        if overflow {
            throw use?.invalid(what) ?? BatchScriptError(.invalidValue, line: nil, lineText: nil, message: what)
        }
        return total
    }

    private func resolvedWorkdir(_ currentDirectory: String?) -> String {
        guard let workdir else { return currentDirectory ?? "" }
        guard !workdir.hasPrefix("/"), let currentDirectory else { return workdir }
        let base = currentDirectory.hasSuffix("/") ? String(currentDirectory.dropLast()) : currentDirectory
        return workdir == "." ? base : "\(base)/\(workdir)"
    }

    /// The submitter's environment as it goes with `--export=ALL`, sorted, without the variables that describe
    /// another job (`SLURM_*`, `AISCHED_*` of a job aisubmit runs in: the new job gets its own) and without the
    /// submitter's aisched token.
    static func inheritable(_ environment: [String: String]) -> [String] {
        environment.filter { name, _ in
            !name.hasPrefix("SLURM_") && !name.hasPrefix("AISCHED_") && !name.isEmpty
        }.map { "\($0.key)=\($0.value)" }.sorted()
    }

    private func resolvedEnvironment(_ environment: [String: String]) -> [String] {
        (exports ?? []).compactMap { entry in
            if entry.contains("=") { return entry }
            // As in sbatch, exporting a name that is not set exports nothing.
            return environment[entry].map { "\(entry)=\($0)" }
        }
    }

    /// Replaces `%x` with the job name, leaving `%%` and every other pattern (`%j`, `%A`, …) for the server.
    static func expandJobName(_ path: String, _ name: String) -> String {
        guard !name.isEmpty, path.contains("%") else { return path }
        var result = ""
        var chars = path.makeIterator()
        while let char = chars.next() {
            guard char == "%" else { result.append(char); continue }
            switch chars.next() {
            case "x"?: result += name
            case let other?: result.append("%"); result.append(other)
            case nil: result.append("%")
            }
        }
        return result
    }
}
