/// Checks a submission for requests that can never make sense, before anything is stored. Every problem is
/// reported at once, in one refusal, so the researcher fixes them in one go.
struct SubmissionValidator {
    let settings: SchedulerSettings
    static let longestTimeLimit = Span.minutes(365 * 24 * 60)

    func problem(with spec: JobSpec) -> Rejection? {
        var problems: [(message: String, hint: String)] = []
        func add(_ message: String, hint: String = "") { problems.append((message, hint)) }
        let r = spec.request
        if spec.argv.isEmpty && (spec.script ?? "").isEmpty && spec.interactive != true {
            add("the job has no command", hint: "give a command after --, or a batch script")
        }
        if spec.interactive == true, spec.array != nil || spec.script != nil {
            add("an interactive allocation cannot be a job array or run a batch script",
                hint: "submit arrays and scripts with aisubmit submit")
        }
        if !spec.workdir.hasPrefix("/") {
            add("working directory \(PrintableText.quoted(spec.workdir)) is not an absolute path",
                hint: "pass --chdir with a path starting with /")
        }
        let texts = spec.texts.problems(scriptBytes: settings.limits.scriptBytes)
        if !texts.isEmpty { problems += texts.map { ($0, SubmissionTexts.hint) } }
        if r.nodes < 1 || r.nodes > settings.maxNodesPerJob {
            add("a job needs between 1 and \(settings.maxNodesPerJob) nodes, not \(r.nodes)")
        }
        if r.cpusPerNode < 1 {
            add("a job needs at least one CPU per node, not \(r.cpusPerNode)")
        }
        if r.gpusPerNode < 0 || r.memoryMBPerNode < 0 {
            add("GPU and memory requests cannot be negative")
        }
        if let limit = r.timeLimit, limit.milliseconds <= 0 || limit > Self.longestTimeLimit {
            add("the time limit must be between 1 second and 365 days",
                hint: "pass --time as minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS")
        }
        if spec.unlimitedTime == true, r.timeLimit != nil {
            add("a job cannot ask for both a time limit and no time limit", hint: "give --time once")
        }
        for problem in [mailProblem(spec), signalProblem(spec), spec.tasks.flatMap { problem(with: $0, r) }] {
            if let problem { add(problem.message, hint: problem.hint) }
        }
        guard let first = problems.first else { return nil }
        guard problems.count > 1 else { return Rejection(.invalidRequest, first.message, hint: first.hint) }
        var hints: [String] = []
        for (_, hint) in problems where !hint.isEmpty && !hints.contains(hint) { hints.append(hint) }
        return Rejection(.invalidRequest, "\(problems.count) problems: " + problems.map(\.message).joined(separator: "; "),
                         hint: hints.joined(separator: "; "))
    }

    private func mailProblem(_ spec: JobSpec) -> Rejection? {
        // The address itself is checked with the other texts (`SubmissionTexts`).
        guard let mail = spec.mail else { return nil }
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
