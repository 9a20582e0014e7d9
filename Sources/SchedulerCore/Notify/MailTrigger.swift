/// When a job's owner is mailed, as Slurm decides it (`src/slurmctld`: `job_completion_logger` for END, FAIL and
/// REQUEUE, `_first_array_task` for BEGIN, `job_time_limit` for the TIME_LIMIT ones), written as pure rules over
/// states so they can be read and tested as a table. `Scheduler+Mail` applies them to the scheduler's events.
enum MailTrigger {
    /// The end states FAIL covers: Slurm's states from FAILED on (its PREEMPTED, BOOT_FAIL, DEADLINE and OOM do not
    /// occur here). COMPLETED and CANCELLED are only ever END.
    static let failureStates: Set<JobState> = [.failed, .timeout, .nodeFail]

    /// The events a change of state calls for, about a job of its own (or one array task under ARRAY_TASKS).
    ///
    /// At the end Slurm sends one of the two: FAIL for a failure when FAIL was asked for, else END for any end
    /// (so END alone also reports failures, and END,FAIL reports a failure once, as FAIL). A job that goes back to
    /// the queue after it started (preempted, or its node lost the launch) is REQUEUE, not an end.
    static func events(_ mail: MailRequest, from old: JobState, to new: JobState) -> [MailType] {
        switch (old, new) {
        case (.pending, .running):
            return mail.wants(.begin) ? [.begin] : []
        case (.running, .pending):
            return mail.wants(.requeue) ? [.requeue] : []
        case (_, _) where new.isTerminal && !old.isTerminal:
            if failureStates.contains(new), mail.wants(.fail) { return [.fail] }
            return mail.wants(.end) ? [.end] : []
        default:
            return []
        }
    }

    /// The events about a whole array once its last task has ended (without ARRAY_TASKS): REQUEUE if a task was
    /// requeued on the way, then FAIL if a task exited with a non-zero code, else END. Slurm looks only at exit
    /// codes here, so an array whose tasks were killed (at their time limit, say) is reported as ended.
    static func arrayEvents(_ mail: MailRequest, tasks: [Job]) -> [MailType] {
        var events: [MailType] = []
        if mail.wants(.requeue), tasks.contains(where: { $0.restartCount > 0 }) { events.append(.requeue) }
        let exitedNonZero = tasks.contains { $0.signal == 0 && ($0.exitCode ?? 0) != 0 }
        if exitedNonZero, mail.wants(.fail) {
            events.append(.fail)
        } else if mail.wants(.end) {
            events.append(.end)
        }
        return events
    }

    /// The time-limit events a running job asked for, in the order they fall due.
    static func timeMarks(_ mail: MailRequest) -> [MailType] {
        mail.types.filter { $0.timeLimitPerMille != nil }
    }

    /// When a time-limit event falls due: its share of the limit after the start (TIME_LIMIT_90 at 90 %).
    static func dueTime(of mark: MailType, start: Instant, limit: Span) -> Instant {
        start + Span(milliseconds: limit.milliseconds / 1000 * Int64(mark.timeLimitPerMille ?? 1000)
                     + limit.milliseconds % 1000 * Int64(mark.timeLimitPerMille ?? 1000) / 1000)
    }

    /// The time-limit events of a running job that are due at `now` and were not sent yet.
    static func dueMarks(_ job: Job, at now: Instant) -> [MailType] {
        guard let mail = job.spec.mail, let start = job.startTime, let limit = job.spec.request.timeLimit else { return [] }
        let sent = job.mailsSent ?? []
        return timeMarks(mail).filter { !sent.contains($0) && dueTime(of: $0, start: start, limit: limit) <= now }
    }

    /// When the next time-limit event of a running job falls due; nil when none is left.
    static func nextMark(_ job: Job) -> Instant? {
        guard let mail = job.spec.mail, let start = job.startTime, let limit = job.spec.request.timeLimit else { return nil }
        let sent = job.mailsSent ?? []
        return timeMarks(mail).filter { !sent.contains($0) }.map { dueTime(of: $0, start: start, limit: limit) }.min()
    }
}
