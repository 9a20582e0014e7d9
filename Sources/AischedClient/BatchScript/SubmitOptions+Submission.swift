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

    public init(environment: [String: String] = [:], currentDirectory: String? = nil, defaultJobName: String? = nil) {
        self.environment = environment
        self.currentDirectory = currentDirectory
        self.defaultJobName = defaultJobName
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
        job.environment = resolvedEnvironment(context.environment)

        let nodeCount = nodes ?? 1
        var impliedSingleNode = false

        var perNodeTasks = tasksPerNode
        if let total = tasks, let use = origins[.tasks] {
            if let perNode = tasksPerNode {
                // Slurm reads --ntasks-per-node as a maximum, so a smaller total is fine; a larger one cannot fit.
                if UInt64(total) > UInt64(perNode) * UInt64(nodeCount) {
                    throw use.invalid("\(total) tasks do not fit in \(nodeCount) node(s) × \(perNode) tasks per node; "
                                      + "raise --nodes or --ntasks-per-node, or lower --ntasks", kind: .conflict)
                }
            } else {
                guard total % nodeCount == 0 else {
                    throw use.invalid("\(total) tasks do not divide evenly over \(nodeCount) nodes\(nodesPlace); "
                                      + "aisched gives every node the same share, so use a multiple of \(nodeCount) "
                                      + "or --ntasks-per-node", kind: .unsupported)
                }
                perNodeTasks = total / nodeCount
                impliedSingleNode = nodes == nil
            }
        }

        if cpusPerTask != nil || perNodeTasks != nil {
            // Slurm's defaults: one CPU per task, one task per node.
            let (cpus, overflow) = (cpusPerTask ?? 1).multipliedReportingOverflow(by: perNodeTasks ?? 1)
            if overflow, let use = origins[.cpusPerTask] {
                throw use.invalid("CPUs per task × tasks per node is too large")
            }
            job.cpusPerNode = cpus
        }

        if let gpus, let use = origins[.gpus] {
            job.gpuModel = gpus.model ?? ""
            switch gpus.scope {
            case .perNode:
                job.gpusPerNode = gpus.count
            case .total:
                guard gpus.count % nodeCount == 0 else {
                    throw use.invalid("\(gpus.count) GPUs do not divide evenly over \(nodeCount) nodes\(nodesPlace); "
                                      + "use a multiple of \(nodeCount), or --gpus-per-node", kind: .unsupported)
                }
                job.gpusPerNode = gpus.count / nodeCount
                impliedSingleNode = impliedSingleNode || nodes == nil
            }
        }

        if let memory, let use = origins[.memory] {
            switch memory {
            case .perNode(let megabytes):
                job.memoryMBPerNode = megabytes
            case .perGPU(let megabytes):
                guard job.gpusPerNode > 0 else {
                    throw use.invalid("memory per GPU needs a GPU count: add --gres=gpu:N, --gpus-per-node=N or --gpus=N, "
                                      + "or give memory per node with --mem", kind: .conflict)
                }
                job.memoryMBPerNode = try Self.product(megabytes, job.gpusPerNode, use)
            case .perCPU(let megabytes):
                guard job.cpusPerNode > 0 else {
                    throw use.invalid("memory per CPU needs a CPU count: add --cpus-per-task and/or --ntasks-per-node, "
                                      + "or give memory per node with --mem", kind: .conflict)
                }
                job.memoryMBPerNode = try Self.product(megabytes, job.cpusPerNode, use)
            }
        }

        job.nodes = nodes ?? (impliedSingleNode ? 1 : 0)
        return job
    }

    /// " (--nodes on line 3)", pointing at the node count a division used, or "" when it was the default of 1.
    private var nodesPlace: String {
        guard let use = origins[.nodes] else { return "" }
        return " (\(use.spelling) \(Self.place(of: use)))"
    }

    private static func product(_ megabytes: UInt64, _ count: UInt32, _ use: OptionUse) throws(BatchScriptError) -> UInt64 {
        let (total, overflow) = megabytes.multipliedReportingOverflow(by: UInt64(count))
        if overflow { throw use.invalid("memory per node would not fit in 64 bits") }
        return total
    }

    private func resolvedWorkdir(_ currentDirectory: String?) -> String {
        guard let workdir else { return currentDirectory ?? "" }
        guard !workdir.hasPrefix("/"), let currentDirectory else { return workdir }
        let base = currentDirectory.hasSuffix("/") ? String(currentDirectory.dropLast()) : currentDirectory
        return workdir == "." ? base : "\(base)/\(workdir)"
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
