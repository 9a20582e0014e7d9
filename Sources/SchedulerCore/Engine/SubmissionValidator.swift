/// Checks a submission for requests that can never make sense, before anything is stored.
struct SubmissionValidator {
    let settings: SchedulerSettings
    static let longestTimeLimit = Span.minutes(365 * 24 * 60)
    /// The most environment a job may carry (Linux allows 2 MiB of arguments and environment for a program).
    static let largestEnvironment = 1 << 20

    func problem(with spec: JobSpec) -> Rejection? {
        let r = spec.request
        if spec.argv.isEmpty && (spec.script ?? "").isEmpty && spec.interactive != true {
            return Rejection(.invalidRequest, "the job has no command",
                             hint: "give a command after --, or a batch script")
        }
        if spec.interactive == true, spec.array != nil || spec.script != nil {
            return Rejection(.invalidRequest, "an interactive allocation cannot be a job array or run a batch script",
                             hint: "submit arrays and scripts with aisubmit submit")
        }
        if !spec.workdir.hasPrefix("/") {
            return Rejection(.invalidRequest, "working directory \"\(spec.workdir)\" is not an absolute path",
                             hint: "pass --workdir with a path starting with /")
        }
        if r.nodes < 1 || r.nodes > settings.maxNodesPerJob {
            return Rejection(.invalidRequest, "a job needs between 1 and \(settings.maxNodesPerJob) nodes, not \(r.nodes)")
        }
        if r.cpusPerNode < 1 {
            return Rejection(.invalidRequest, "a job needs at least one CPU per node, not \(r.cpusPerNode)")
        }
        if r.gpusPerNode < 0 || r.memoryMBPerNode < 0 {
            return Rejection(.invalidRequest, "GPU and memory requests cannot be negative")
        }
        if let limit = r.timeLimit, limit.milliseconds <= 0 || limit > Self.longestTimeLimit {
            return Rejection(.invalidRequest, "the time limit must be between 1 second and 365 days",
                             hint: "pass --time as minutes, HH:MM:SS or D-HH:MM:SS")
        }
        let inherited = spec.inheritedEnvironment ?? []
        if let bad = (spec.environment + inherited).first(where: { !$0.contains("=") || $0.hasPrefix("=") }) {
            return Rejection(.invalidRequest, "environment entry \"\(bad)\" is not NAME=value")
        }
        let bytes = (spec.environment + inherited).reduce(0) { $0 + $1.utf8.count + 1 }
        if bytes > Self.largestEnvironment {
            return Rejection(.invalidRequest, "the job's environment is \(bytes) bytes, more than \(Self.largestEnvironment)",
                             hint: "submit from a smaller environment, or pass only what the job needs with --export=NONE,NAME,…")
        }
        if let problem = mailProblem(spec) ?? signalProblem(spec) { return problem }
        if let tasks = spec.tasks { return problem(with: tasks, r) }
        return nil
    }

    private func mailProblem(_ spec: JobSpec) -> Rejection? {
        guard let mail = spec.mail else { return nil }
        if let user = mail.user, let problem = MailRequest.userProblem(user) {
            return problem.rejection(option: "--mail-user", value: user)
        }
        if mail.sendsMail, !settings.mailAvailable {
            return Rejection(.invalidRequest, "this centre sends no job mail: schedd runs without a notifier command, "
                             + "so --mail-type \(MailType.text(mail.types)) would never be honoured",
                             hint: "remove --mail-type (watch the job with aisubmit wait or aisubmit show), or ask the "
                             + "centre's admins to start schedd with --mail-command")
        }
        return nil
    }

    private func signalProblem(_ spec: JobSpec) -> Rejection? {
        guard let warning = spec.warningSignal else { return nil }
        if !(1...SignalName.highest).contains(warning.signal)
            || !(0...WarningSignal.longestSecondsBefore).contains(warning.secondsBefore) {
            return Rejection(.invalidRequest, "--signal \(warning) is out of range", hint: WarningSignal.hint)
        }
        if warning.batchShellOnly, spec.interactive == true {
            return Rejection(.invalidRequest, "--signal B:\(SignalName.name(of: warning.signal)): an interactive "
                             + "allocation has no batch shell to signal",
                             hint: "drop B: to signal the tasks of its steps (--signal=\(SignalName.name(of: warning.signal))@\(warning.secondsBefore))")
        }
        return nil
    }

    /// The task split must fit the per-node totals placement will reserve.
    private func problem(with tasks: TaskLayout, _ r: ResourceRequest) -> Rejection? {
        let values = [tasks.total, tasks.perNode, tasks.cpusPerTask, tasks.gpusPerTask].compactMap { $0 }
        if values.contains(where: { $0 < 1 }) {
            return Rejection(.invalidRequest, "task counts must be at least 1")
        }
        let perNode = tasks.perNode ?? tasks.tasksPerNode(nodes: r.nodes).max() ?? 1
        if let total = tasks.total, total > perNode * r.nodes {
            return Rejection(.invalidRequest, "\(total) tasks do not fit on \(r.nodes) nodes × \(perNode) tasks per node",
                             hint: "raise --nodes or --ntasks-per-node, or lower --ntasks")
        }
        if let total = tasks.total, total < r.nodes {
            return Rejection(.invalidRequest, "\(total) tasks cannot use \(r.nodes) nodes (each node needs a task)",
                             hint: "lower --nodes to at most \(total), or raise --ntasks")
        }
        if tasks.overcommit != true, let cpus = tasks.cpusPerTask,
           cpus.multipliedReportingOverflow(by: perNode).partialValue > r.cpusPerNode {
            return Rejection(.invalidRequest, "\(perNode) tasks × \(cpus) CPUs do not fit in \(r.cpusPerNode) CPUs per node")
        }
        if let gpus = tasks.gpusPerTask, gpus.multipliedReportingOverflow(by: perNode).partialValue > r.gpusPerNode {
            return Rejection(.invalidRequest, "\(perNode) tasks × \(gpus) GPUs do not fit in \(r.gpusPerNode) GPUs per node")
        }
        return nil
    }
}
