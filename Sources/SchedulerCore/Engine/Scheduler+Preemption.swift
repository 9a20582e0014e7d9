/// The cycle's use of the reservation book, and preemption: the book decides what a blocked job is promised and
/// which scavenger jobs to stop for it; the scheduler stops them (docs/BACKFILL.md).
extension Scheduler {
    /// The job's promise from the book (`ReservationBook.promise`), carrying out the preemptions it names.
    mutating func reserve(_ job: Job, limit: Span, _ run: inout CycleRun, into fx: inout Effects) -> Reservation? {
        if run.holds == nil { run.holds = heldParts(on: run.context.nodes, at: run.now) }
        let planner = ReservationPlanner(pipeline: run.pipeline, now: run.now, nodes: run.context.nodes,
                                         holds: run.holds ?? [], preemptBy: nil)
        let promise = plan.reservationBook.promise(job.id, job.spec.request, limit: limit, planner: planner,
                                                previous: run.previous, positions: run.context.positions,
                                                preemptBy: mayPreempt(job) ? run.now + settings.killWait : nil)
        guard !promise.victims.isEmpty else { return promise.reservation }
        for victim in promise.victims { preempt(victim, for: job.id, at: run.now, into: &fx) }
        run.holds = nil // their expected ends moved
        return promise.reservation
    }

    /// Stops a running job to make room for `preemptor`; its exit requeues it (`partEnded`).
    private mutating func preempt(_ id: JobID, for preemptor: JobID, at now: Instant, into fx: inout Effects) {
        guard var job = state.jobs[id], job.state == .running, job.preemption == nil else { return }
        job.preemption = Preemption(by: preemptor, at: now)
        let change = StateChange(at: now, state: .running, reason: "Preempted by job \(preemptor)")
        job.record(change)
        save(job, into: &fx)
        fx.transitions.append(.jobHistoryAppended(id, change))
        for node in job.activeNodes {
            fx.outbound.append(.kill(id, node: node, reason: "preempted by job \(preemptor) (QoS \(job.qos.rawValue))"))
        }
    }

    /// Jobs of a QoS that is neither preemptible nor idle-capacity-only may preempt.
    func mayPreempt(_ job: Job) -> Bool {
        let policy = state.book.policy.qos[job.qos]
        return !policy.preemptible && !policy.idleCapacityOnly
    }

    func isPreemptible(_ job: Job) -> Bool {
        job.state == .running && job.preemption == nil && state.book.policy.qos[job.qos].preemptible
    }
}
