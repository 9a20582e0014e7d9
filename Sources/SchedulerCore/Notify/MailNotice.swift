/// One mail for the centre's notifier command, worked out completely by the core so the shell only runs it.
///
/// The command is called as Slurm calls its MailProg: `COMMAND -s SUBJECT RECIPIENT`, with Slurm's MailProg
/// variables in its environment (`SLURM_JOB_ID`, `SLURM_JOB_MAIL_TYPE`, `SLURM_JOB_STATE`, …) and aisched's
/// `AISCHED_MAIL_EVENT` (the `--mail-type` word), so a site's existing mail wrapper works unchanged. The subject
/// reads as Slurm's, with aisched's name: `aisched Job_id=42 Name=train Ended, Run time 01:02:03, COMPLETED, ExitCode 0`.
public struct MailNotice: Hashable, Sendable {
    /// The job it is about; for a whole array, the array's id.
    public var job: JobID
    public var event: MailType
    public var recipient: String
    public var subject: String
    public var environment: [String: String]

    public init(job: JobID, event: MailType, recipient: String, subject: String, environment: [String: String]) {
        self.job = job
        self.event = event
        self.recipient = recipient
        self.subject = subject
        self.environment = environment
    }

    /// About one job, or one array task (named as such).
    init(about job: Job, event: MailType, at now: Instant) {
        let spec = job.spec
        let label = job.arrayJobID.map { "Array Task Job_id=\($0)_\(job.arrayTaskID ?? 0) (\(job.id))" }
            ?? "Job_id=\(job.id)"
        var environment = Self.variables(of: job, event: event)
        let time = Self.timePart(of: job, event: event, at: now, into: &environment)
        let term = Self.endPart(of: job, event: event, into: &environment)
        self.init(job: job.id, event: event, recipient: (spec.mail ?? MailRequest()).recipient(submittedBy: spec.user),
                  subject: "aisched \(label) Name=\(spec.name) \(event.subjectWords)\(time)\(term)",
                  environment: environment)
    }

    /// About a whole array (without ARRAY_TASKS): `tasks` are all of them, in id order.
    init(aboutArray id: JobID, tasks: [Job], event: MailType) {
        precondition(!tasks.isEmpty, "an array has at least one task")
        let first = tasks[0]
        var environment = Self.variables(of: first, event: event)
        environment["SLURM_JOB_ID"] = "\(id)"
        environment["SLURM_JOBID"] = "\(id)"
        environment["SLURM_ARRAY_JOB_ID"] = "\(id)"
        environment["SLURM_ARRAY_TASK_ID"] = nil
        environment["SLURM_JOB_NODELIST"] = nil
        var term = ""
        if event == .end || event == .fail {
            let states = Set(tasks.map(\.state.rawValue))
            let codes = tasks.filter { $0.signal == 0 }.compactMap(\.exitCode)
            let low = codes.min() ?? 0, high = codes.max() ?? 0
            let state = states.count == 1 && !(low == 0 && high > 0) ? states.first! : "Mixed"
            environment["SLURM_JOB_STATE"] = state
            environment["SLURM_JOB_EXIT_CODE_MIN"] = "\(low)"
            environment["SLURM_JOB_EXIT_CODE_MAX"] = "\(high)"
            term = ", \(state), ExitCode [\(low)-\(high)]"
        }
        let mail = first.spec.mail ?? MailRequest()
        self.init(job: id, event: event, recipient: mail.recipient(submittedBy: first.spec.user),
                  subject: "aisched Array Summary Job_id=\(id)_* (\(id)) Name=\(first.spec.name) \(event.subjectWords)\(term)",
                  environment: environment)
    }

    /// Slurm's MailProg variables that describe the job.
    private static func variables(of job: Job, event: MailType) -> [String: String] {
        let spec = job.spec
        var v: [String: String] = [
            "SLURM_CLUSTER_NAME": "aisched", "SLURM_JOB_ID": "\(job.id)", "SLURM_JOBID": "\(job.id)",
            "SLURM_JOB_NAME": spec.name, "SLURM_JOB_USER": spec.user, "SLURM_JOB_ACCOUNT": spec.project,
            "SLURM_JOB_WORK_DIR": spec.workdir, "SLURM_JOB_STATE": job.state.rawValue,
            "SLURM_JOB_MAIL_TYPE": event.subjectWords, "SLURM_JOB_RESTART_COUNT": "\(job.restartCount)",
            "AISCHED_MAIL_EVENT": event.rawValue,
        ]
        v["SLURM_JOB_QOS"] = job.qos.rawValue // the QoS in force, as Slurm gives it
        if let partitions = spec.request.partitions, !partitions.isEmpty { v["SLURM_JOB_PARTITION"] = partitions.joined(separator: ",") }
        if let allocation = job.allocation { v["SLURM_JOB_NODELIST"] = Hostlist.compress(allocation.nodeNames) }
        if let array = job.arrayJobID, let task = job.arrayTaskID {
            v["SLURM_ARRAY_JOB_ID"] = "\(array)"
            v["SLURM_ARRAY_TASK_ID"] = "\(task)"
        }
        if let start = job.startTime {
            v["SLURM_JOB_START_TIME"] = "\(start.milliseconds / 1000)"
            let end = job.endTime ?? spec.request.timeLimit.map { start + $0 }
            if let end { v["SLURM_JOB_END_TIME"] = "\(end.milliseconds / 1000)" }
        }
        return v
    }

    /// `, Queued time …` for BEGIN, `, Run time …` for the end, a requeue and the time-limit events.
    private static func timePart(of job: Job, event: MailType, at now: Instant,
                                 into environment: inout [String: String]) -> String {
        guard let start = job.startTime else { return "" }
        if event == .begin {
            let queued = duration(start - job.submitTime)
            environment["SLURM_JOB_QUEUED_TIME"] = queued
            return ", Queued time \(queued)"
        }
        guard event != .invalidDepend else { return "" }
        let ran = duration((job.endTime ?? now) - start)
        environment["SLURM_JOB_RUN_TIME"] = ran
        return ", Run time \(ran)"
    }

    /// `, COMPLETED, ExitCode 0` for END and FAIL (without the exit code when a signal ended the job).
    private static func endPart(of job: Job, event: MailType, into environment: inout [String: String]) -> String {
        guard event == .end || event == .fail else { return "" }
        guard let code = job.exitCode, job.signal == 0 else {
            environment["SLURM_JOB_EXIT_CODE_MAX"] = "0"
            return ", \(job.state.rawValue)"
        }
        environment["SLURM_JOB_EXIT_CODE_MAX"] = "\(code)"
        return ", \(job.state.rawValue), ExitCode \(code)"
    }

    /// Slurm's `secs2time_str`: `HH:MM:SS`, or `D-HH:MM:SS` from a day on.
    static func duration(_ span: Span) -> String {
        let total = max(0, span.milliseconds / 1000)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let clock = "\(two(total / 3600 % 24)):\(two(total / 60 % 60)):\(two(total % 60))"
        return total >= 86_400 ? "\(total / 86_400)-\(clock)" : clock
    }
}
