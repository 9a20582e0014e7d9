/// Accepting a job: the submission key (a retry returns the job it made), validation, project resolution,
/// dependencies, the user's pending-job cap, array expansion (one job per task, consecutive ids, the reply names
/// the first), output paths.
extension Scheduler {
    mutating func submit(_ spec: JobSpec, at now: Instant, into fx: inout Effects) -> Reply {
        // A retry after a lost acknowledgement: the same job, whatever changed since (quota, queue, cap).
        if let key = spec.submissionKey, let made = state.submissionKeys.job(madeWith: key, by: spec.user) {
            return .submitted(made)
        }
        var spec = spec
        if let problem = SubmissionValidator(settings: settings).problem(with: spec) {
            return .rejected(problem)
        }
        // Partitions first: a node outside them cannot run the job, so the capability check needs them.
        var partitionLimit: Span?
        switch settings.partitions.resolve(spec.request.partitions, timeLimit: spec.request.timeLimit) {
        case .failure(let rejection): return .rejected(rejection)
        case .success(let resolved):
            spec.request.partitions = resolved.partitions
            partitionLimit = spec.request.timeLimit == nil ? resolved.timeLimit : nil
        }
        if let problem = CapabilityCheck(settings: settings, nodes: state.nodes).problem(with: spec.request) {
            return .rejected(problem)
        }
        switch state.accounts.resolveProject(spec.project, for: spec.user) {
        case .failure(let rejection): return .rejected(rejection)
        case .success(let project): spec.project = project
        }
        let givenTime = spec.request.timeLimit
        switch QoS.parse(spec.qos) {
        case .failure(let rejection): return .rejected(rejection)
        case .success(let qos):
            spec.qos = qos.rawValue
            if spec.unlimitedTime == true,
               let problem = unlimitedTimeProblem(qos: qos, partitions: spec.request.partitions, partitionLimit) {
                return .rejected(problem)
            }
            if spec.request.timeLimit == nil { spec.request.timeLimit = state.book.policy.qos[qos].maxWalltime }
        }
        // Without --time, the shortest of its QoS's and its partitions' maximum, as Slurm limits such a job.
        if givenTime == nil, case .success(let resolved) = settings.partitions.resolve(spec.request.partitions, timeLimit: nil),
           let partitionLimit = resolved.timeLimit {
            spec.request.timeLimit = min(spec.request.timeLimit ?? partitionLimit, partitionLimit)
        }
        let quota = QuotaRequest(project: spec.project, qos: QoS.canonical(spec.qos),
                                 gpus: spec.request.nodes * spec.request.gpusPerNode, gpuModel: spec.request.gpuModel,
                                 timeLimit: spec.request.timeLimit)
        let check = QuotaCheck(accounts: state.accounts, qos: state.book.policy.qos)
        if let problem = check.admissionProblem(quota, at: now) { return .rejected(problem) }
        if spec.name.isEmpty { spec.name = Self.defaultName(for: spec) }
        let dependency: Dependency?
        switch Dependency.parse(spec.dependency ?? "", resolve: { self.state.jobs(selectedBy: $0) }) {
        case .failure(let rejection): return .rejected(rejection)
        case .success(let parsed): dependency = parsed
        }
        spec.dependency = dependency?.description
        var array: ArraySpec?
        if let text = spec.array, !text.trimmingSpaces.isEmpty {
            switch ArraySpec.parse(text) {
            case .failure(let rejection): return .rejected(rejection)
            case .success(let parsed): array = parsed
            }
        } else {
            spec.array = nil
        }
        let tasks: [Int?] = array.map { $0.taskIDs.map { Optional($0) } } ?? [nil]
        if let problem = pendingCapProblem(user: spec.user, adding: tasks.count) { return .rejected(problem) }

        let first = JobID(state.nextJobID)
        for task in tasks {
            let id = JobID(state.nextJobID)
            state.nextJobID += 1
            let arrayJob = task == nil ? nil : first
            let stdout = OutputPath.resolve(spec.stdoutPath, default: "aisched-%j.out", spec: spec, id: id,
                                            arrayJobID: arrayJob, arrayTaskID: task)
            let stderr = spec.stderrPath.isEmpty ? stdout : OutputPath.resolve(
                spec.stderrPath, default: "", spec: spec, id: id, arrayJobID: arrayJob, arrayTaskID: task)
            var job = Job(id: id, spec: spec, submitTime: now, stdoutPath: stdout, stderrPath: stderr)
            job.dependency = dependency
            job.arrayJobID = arrayJob
            job.arrayTaskID = task
            job.arrayThrottle = task == nil ? nil : array?.throttle
            transition(&job, to: .pending, reason: spec.hold ? PendingReason.held.rawValue : "Submitted", at: now, into: &fx)
            job.pendingReason = spec.hold ? .held : .priority
            state.update(job)
            enqueue(job, isNew: true)
        }
        if let key = spec.submissionKey { state.submissionKeys.record(key, by: spec.user, job: first, at: now) }
        return .submitted(first)
    }

    /// Slurm's `--time=UNLIMITED` asks for no limit at all: refused where a partition or the QoS sets a maximum
    /// (Slurm would leave the job pending for ever, or refuse it with EnforcePartLimits).
    private func unlimitedTimeProblem(qos: QoS, partitions: [String]?, _ partitionLimit: Span?) -> Rejection? {
        var limits: [String] = []
        if let partitionLimit {
            limits.append("partition \((partitions ?? []).joined(separator: ", ")) allows at most \(partitionLimit.minutesText)")
        }
        if let qosLimit = state.book.policy.qos[qos].maxWalltime {
            limits.append("QoS \(qos.rawValue) allows at most \(qosLimit.minutesText)")
        }
        guard !limits.isEmpty else { return nil }
        return Rejection(.invalidRequest, "--time UNLIMITED asks for no time limit, but " + limits.joined(separator: " and "),
                         hint: "leave --time out to get the longest limit allowed, or give one within it")
    }

    /// The centre's cap on waiting jobs per user (each array task counts), with how many the user has.
    private func pendingCapProblem(user: String, adding count: Int) -> Rejection? {
        let cap = settings.limits.pendingJobsPerUser
        let waiting = state.pendingCountByUser[user] ?? 0
        guard waiting + count > cap else { return nil }
        let adding = count == 1 ? "" : " and this submission adds \(count)"
        return Rejection(.conflict, "\(user) has \(waiting) job\(waiting == 1 ? "" : "s") waiting\(adding); this centre lets a user have at most "
                         + "\(cap) waiting (maxPendingJobsPerUser, array tasks counting one each)",
                         hint: "wait for some to start, cancel some (aisubmit cancel), or submit a smaller array")
    }

    private static func defaultName(for spec: JobSpec) -> String {
        if spec.script != nil { return "batch" }
        let first = spec.argv.first ?? "job"
        return String(first.split(separator: "/").last ?? Substring(first))
    }
}

/// Turns `--output` patterns into the absolute path the agent writes: relative paths are under the workdir,
/// `%j` and `%J` are the job id, `%x` the job name, `%u` the user, `%A` the array's job id and `%a` the task id,
/// and, as for sbatch's batch step, `%s` is `batch` and `%n`/`%t` are `0` (the batch script is node 0, task 0).
/// Outside an array `%A` is the job id and `%a` expands to nothing. `%N`, the first node's name, is known only when
/// the job starts: it stays until then (`atStart`).
enum OutputPath {
    static func resolve(_ pattern: String, default fallback: String, spec: JobSpec, id: JobID,
                        arrayJobID: JobID? = nil, arrayTaskID: Int? = nil, firstNode: String? = nil) -> String {
        let chosen = pattern.isEmpty ? fallback : pattern
        var expanded = ""
        var iterator = chosen.makeIterator()
        while let c = iterator.next() {
            guard c == "%" else { expanded.append(c); continue }
            switch iterator.next() {
            case "j", "J": expanded += String(id.rawValue)
            case "s": expanded += "batch"
            case "n", "t": expanded += "0"
            case "x": expanded += spec.name
            case "u": expanded += spec.user
            case "A": expanded += String((arrayJobID ?? id).rawValue)
            case "a": expanded += arrayTaskID.map { String($0) } ?? ""
            case "N": expanded += firstNode ?? "%N"
            case "%": expanded += "%"
            case let other?: expanded += "%" + String(other)
            case nil: expanded += "%"
            }
        }
        if expanded.hasPrefix("/") { return expanded }
        let base = spec.workdir.hasSuffix("/") ? spec.workdir : spec.workdir + "/"
        return base + expanded
    }

    /// The job's output paths once it starts on `firstNode`: patterns with `%N` are resolved again (every start,
    /// so a requeued job writes where its new first node says).
    static func atStart(_ job: inout Job, firstNode: String) {
        func again(_ pattern: String, default fallback: String) -> String {
            resolve(pattern, default: fallback, spec: job.spec, id: job.id, arrayJobID: job.arrayJobID,
                    arrayTaskID: job.arrayTaskID, firstNode: firstNode)
        }
        if job.spec.stdoutPath.contains("%N") { job.stdoutPath = again(job.spec.stdoutPath, default: "aisched-%j.out") }
        if job.spec.stderrPath.isEmpty {
            job.stderrPath = job.stdoutPath
        } else if job.spec.stderrPath.contains("%N") {
            job.stderrPath = again(job.spec.stderrPath, default: "")
        }
    }
}
