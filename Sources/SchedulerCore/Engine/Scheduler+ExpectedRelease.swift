/// When held resources are expected back: what the reservation planner and start estimates build their timelines on.
extension Scheduler {
    /// Every part held on each node (by position in `nodes`), with when the planner expects it back, in the
    /// order they end (the planner walks them so).
    func heldParts(on nodes: [Node], at now: Instant) -> [[HeldPart]] {
        nodes.map { node in
            node.jobs.compactMap { id -> HeldPart? in
                guard let job = state.jobs[id],
                      let part = job.allocation?.part(on: node.name) else { return nil }
                return HeldPart(job: id, part: part, end: expectedRelease(of: job, at: now), preemptible: isPreemptible(job))
            }.sorted(by: HeldPart.endsBefore)
        }
    }

    /// When a job's resources are expected back: its start plus its time limit; for a job being stopped (ended,
    /// cancelled, preempted, past its limit) a grace period after the kill. Never now: they are still held.
    func expectedRelease(of job: Job, at now: Instant) -> Instant {
        let soonest = now + .seconds(1)
        if let preemption = job.preemption { return max(soonest, preemption.at + settings.killWait) }
        if job.state.isTerminal { return max(soonest, (job.endTime ?? now) + settings.killWait) }
        guard let start = job.startTime else { return soonest }
        return max(soonest, start + timeLimit(of: job))
    }

    /// The limit a job runs with: its own, else its QoS's maximum, else the longest there is.
    func timeLimit(of job: Job) -> Span {
        job.spec.request.timeLimit ?? state.book.policy.qos[job.qos].maxWalltime ?? SubmissionValidator.longestTimeLimit
    }
}
