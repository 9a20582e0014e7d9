/// Mail about jobs (`--mail-type`, `--mail-user`): which of the scheduler's events call for a notice (the rules
/// are `MailTrigger`'s), emitted as `Outbound.notify` beside the transitions that caused it, so the shell runs the
/// centre's notifier only once they are committed. Events sent once only are remembered in `Job.mailsSent`.
extension Scheduler {
    /// After `job` went from `old` to its current state; called by `transition` before the job is saved.
    mutating func mail(about job: inout Job, from old: JobState, at now: Instant, into fx: inout Effects) {
        guard let mail = job.spec.mail, mail.sendsMail else { return }
        if job.state == .running, !MailTrigger.timeMarks(mail).isEmpty { plan.mailMark.forget() }
        // Slurm sends TIME_LIMIT as the job reaches its limit, before it times it out: a tick may not have come
        // between the limit and the agent's report.
        if job.state == .timeout { sendDueTimeMarks(&job, at: now, into: &fx) }
        if let array = job.arrayJobID, !mail.wants(.arrayTasks) {
            mailAboutArray(array, after: &job, from: old, into: &fx)
            return
        }
        fx.outbound += MailTrigger.events(mail, from: old, to: job.state).map {
            .notify(MailNotice(about: job, event: $0, at: now))
        }
    }

    /// An array without ARRAY_TASKS is reported as a whole, as in Slurm: BEGIN when its first task starts,
    /// END/FAIL (and REQUEUE, if a task was requeued on the way) when its last task has ended.
    private mutating func mailAboutArray(_ array: JobID, after job: inout Job, from old: JobState,
                                         into fx: inout Effects) {
        guard let mail = job.spec.mail else { return }
        if MailTrigger.events(mail, from: old, to: job.state).contains(.begin),
           markOnce(.begin, onArrayOf: &job, into: &fx) {
            fx.outbound.append(.notify(MailNotice(aboutArray: array, tasks: [job], event: .begin)))
        }
        guard job.state.isTerminal, !old.isTerminal, let tasks = endedTasks(of: array, last: job) else { return }
        fx.outbound += MailTrigger.arrayEvents(mail, tasks: tasks).map {
            .notify(MailNotice(aboutArray: array, tasks: tasks, event: $0))
        }
    }

    /// Every task of the array if all have ended (`last` as it is now), else nil. Tasks have consecutive ids from the
    /// array's; it looks from the last one back, as later tasks are the ones still pending or running.
    private func endedTasks(of array: JobID, last: Job) -> [Job]? {
        let first = array.rawValue
        let final = first + UInt64(max(1, Self.taskCount(of: last.spec))) - 1
        var tasks: [Job] = []
        for raw in stride(from: final, through: first, by: -1) {
            let task = raw == last.id.rawValue ? last : state.jobs[JobID(raw)]
            guard let task, task.arrayJobID == array else { continue }
            guard task.state.isTerminal else { return nil }
            tasks.append(task)
        }
        return tasks.reversed()
    }

    private static func taskCount(of spec: JobSpec) -> Int {
        guard let text = spec.array, case .success(let array) = ArraySpec.parse(text) else { return 1 }
        return array.taskIDs.count
    }

    /// Records `event` as sent for the job's whole array, on its first task (which always exists; saved here when
    /// it is another job than `job`, whose caller saves it); false when it already was.
    private mutating func markOnce(_ event: MailType, onArrayOf job: inout Job, into fx: inout Effects) -> Bool {
        let holderID = job.arrayJobID ?? job.id
        if holderID == job.id {
            guard !(job.mailsSent ?? []).contains(event) else { return false }
            job.mailsSent = (job.mailsSent ?? []) + [event]
            return true
        }
        guard var holder = state.jobs[holderID], !(holder.mailsSent ?? []).contains(event) else { return false }
        holder.mailsSent = (holder.mailsSent ?? []) + [event]
        save(holder, into: &fx)
        return true
    }

    /// A pending job's dependency can no longer be met: INVALID_DEPEND, once (for an array, once for all its
    /// tasks, which wait on the same dependency: Slurm holds them in one record until they start).
    mutating func mailInvalidDependency(_ job: inout Job, at now: Instant, into fx: inout Effects) {
        guard let mail = job.spec.mail, mail.wants(.invalidDepend),
              markOnce(.invalidDepend, onArrayOf: &job, into: &fx) else { return }
        if (job.arrayJobID ?? job.id) == job.id { save(job, into: &fx) }
        if let array = job.arrayJobID, !mail.wants(.arrayTasks) {
            fx.outbound.append(.notify(MailNotice(aboutArray: array, tasks: [job], event: .invalidDepend)))
        } else {
            fx.outbound.append(.notify(MailNotice(about: job, event: .invalidDepend, at: now)))
        }
    }

    // MARK: - TIME_LIMIT, TIME_LIMIT_90/80/50

    /// At a timer tick: the time-limit mails that are due. Cheap when none is: the next due moment is kept.
    mutating func mailTimeMarks(at now: Instant, into fx: inout Effects) {
        guard let next = nextMailMark(), now >= next else { return }
        for id in state.runningIDs.sorted() {
            guard var job = state.jobs[id], !MailTrigger.dueMarks(job, at: now).isEmpty else { continue }
            sendDueTimeMarks(&job, at: now, into: &fx)
            save(job, into: &fx)
        }
        plan.mailMark.forget()
    }

    /// The earliest moment a running job is due a time-limit mail; nil when none will be.
    mutating func nextMailMark() -> Instant? {
        let state = state
        return plan.mailMark.get { state.runningIDs.compactMap { state.jobs[$0].flatMap(MailTrigger.nextMark) }.min() }
    }

    /// Sends the job's due time-limit mails, each once (as Slurm clears them from the job's mail types), and
    /// records them in the job; the caller saves it.
    private mutating func sendDueTimeMarks(_ job: inout Job, at now: Instant, into fx: inout Effects) {
        let due = MailTrigger.dueMarks(job, at: now)
        guard !due.isEmpty else { return }
        job.mailsSent = (job.mailsSent ?? []) + due
        fx.outbound += due.map { .notify(MailNotice(about: job, event: $0, at: now)) }
    }
}
