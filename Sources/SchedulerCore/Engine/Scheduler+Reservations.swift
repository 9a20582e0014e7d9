/// Reservations for blocked jobs, and preemption of scavenger work to make them sooner (docs/BACKFILL.md).
extension Scheduler {
    /// The job's reservation at its earliest start. For a job whose QoS may preempt, when stopping preemptible
    /// jobs would let it start more than a grace period sooner, those jobs are preempted and the reservation
    /// is the sooner one.
    mutating func reserve(_ job: Job, limit: Span, _ run: inout CycleRun, into fx: inout Effects) -> Reservation? {
        if run.holds == nil { run.holds = heldParts(on: run.context.nodes, at: run.now) }
        var planner = ReservationPlanner(pipeline: run.pipeline, now: run.now, nodes: run.context.nodes,
                                         holds: run.holds ?? [], preemptBy: nil)
        var waiting = planner.plan(job.id, job.spec.request, limit: limit, shadow: plan.shadow)
        if let found = waiting, let promised = run.previous.reservation(of: job.id), promised.allocation != found.allocation,
           planner.isFree(promised.allocation, at: found.start, limit: limit, shadow: plan.shadow,
                          positions: run.context.positions, ask: job.spec.request) {
            // Same start, same resources as last time: the jobs planned around them keep their slots.
            waiting = Reservation(job: job.id, start: found.start, end: found.end, allocation: promised.allocation,
                                  after: found.after)
        }
        let soon = run.now + settings.killWait
        guard mayPreempt(job), waiting.map({ $0.start > soon }) ?? true,
              (run.holds ?? []).contains(where: { $0.contains { $0.preemptible } }) else { return waiting }
        planner.preemptBy = soon
        guard let sooner = planner.plan(job.id, job.spec.request, limit: limit, shadow: plan.shadow),
              sooner.start < (waiting?.start ?? Instant(milliseconds: .max)) else { return waiting }
        let victims = preemptionVictims(for: sooner, run)
        guard !victims.isEmpty else { return sooner }
        for victim in victims { preempt(victim, for: job.id, at: run.now, into: &fx) }
        run.holds = nil // their expected ends moved
        return sooner
    }

    /// The preemptible jobs holding what `reservation` needs at its start: those whose CPUs or GPUs it takes,
    /// then, where memory is still short, the largest other preemptible parts on the node.
    private func preemptionVictims(for reservation: Reservation, _ run: CycleRun) -> [JobID] {
        var chosen = Set<JobID>()
        for part in reservation.allocation.nodes {
            guard let position = run.context.positions[part.node], let holds = run.holds?[position] else { continue }
            let cpus = Set(part.cpus)
            let gpus = Set(part.gpus)
            let lingering = holds.filter { $0.end > reservation.start }
            var victims = lingering.filter { held in
                held.preemptible && (!cpus.isDisjoint(with: held.part.cpus) || !gpus.isDisjoint(with: held.part.gpus))
            }
            let node = run.context.nodes[position]
            var free = node.inventory.memoryMB - lingering.reduce(0) { $0 + $1.part.memoryMB }
                + victims.reduce(0) { $0 + $1.part.memoryMB }
            let others = lingering.filter { held in held.preemptible && !victims.contains { $0.job == held.job } }
            for extra in others.sorted(by: { ($0.part.memoryMB, $0.job) > ($1.part.memoryMB, $1.job) })
            where free < part.memoryMB {
                victims.append(extra)
                free += extra.part.memoryMB
            }
            chosen.formUnion(victims.map(\.job))
        }
        return chosen.sorted()
    }

    /// Stops a running job to make room for `preemptor`; its exit requeues it (`partEnded`).
    private mutating func preempt(_ id: JobID, for preemptor: JobID, at now: Instant, into fx: inout Effects) {
        guard var job = state.jobs[id], job.state == .running, job.preemption == nil else { return }
        job.preemption = Preemption(by: preemptor, at: now)
        let change = StateChange(at: now, state: .running, reason: "Preempted by job \(preemptor)")
        job.history.append(change)
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

    /// A job that no longer waits (started, held, cancelled, gated) gives its reservation back: what it
    /// promised becomes free for backfill.
    mutating func dropReservation(of id: JobID) {
        guard let reservation = plan.shadow.remove(job: id) else { return }
        plan.changes.dirtyNodes.formUnion(reservation.allocation.nodeNames)
        if let index = plan.queue.entries.firstIndex(where: { $0.id == id }) { plan.queue.entries[index].reserved = false }
    }
}
