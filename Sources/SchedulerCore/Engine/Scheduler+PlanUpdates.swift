/// Keeping the plan in step with every state change, so an incremental cycle knows what it must look at.
extension Scheduler {
    /// Called by `transition` for every job state change, before the job is saved.
    mutating func noteTransition(of job: Job, from old: JobState, to new: JobState) {
        if old != new, old == .running || new == .running {
            let request = quotaRequest(job)
            let accounts = state.accounts
            if old == .running { plan.quota?.release(request, accounts: accounts) }
            if old == .pending { plan.quota?.admit(request, accounts: accounts) }
        }
        if old == .pending, new != .pending { dropReservation(of: job.id) }
        if new.isTerminal || (old == .running && new != .running) {
            plan.changes.dirtyJobs.formUnion(plan.changes.conditional)
        }
    }

    /// A job that is now pending (new, requeued, released, held) is evaluated by the next cycle. A new job gets
    /// its place in the order; one that was pending before may still have it.
    mutating func enqueue(_ job: Job, isNew: Bool) {
        if job.held { dropReservation(of: job.id) }
        plan.changes.dirtyJobs.insert(job.id)
        if !isNew, plan.queue.entries.contains(where: { $0.id == job.id }) { return }
        if let entry = makeEntry(job) { plan.queue.insert(entry) } else { plan.changes.needsFull = true }
    }

    /// A job that no longer waits (started, held, cancelled, gated) gives its reservation back: what it
    /// promised becomes free for backfill.
    mutating func dropReservation(of id: JobID) {
        guard let reservation = plan.reservationBook.remove(job: id) else { return }
        plan.changes.dirtyNodes.formUnion(reservation.allocation.nodeNames)
        if let index = plan.queue.entries.firstIndex(where: { $0.id == id }) { plan.queue.entries[index].reserved = false }
    }

    /// Resources on `node` became free.
    mutating func noteFreed(_ node: String) {
        plan.changes.dirtyNodes.insert(node)
    }

    /// Something changed that only a full cycle accounts for (a node came or went, accounts, QoS, charges).
    mutating func needFullCycle(nodesChanged: Bool = false) {
        plan.changes.needsFull = true
        if nodesChanged { plan.nodes.context = nil } // the next cycle rebuilds it from the nodes
    }
}
