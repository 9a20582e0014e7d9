/// The scheduling cycle: which pending jobs start now, and why the others wait.
///
/// Policy for now is strict first-come-first-served with first-fit placement: jobs are considered in id
/// order and the first job that cannot start blocks the ones behind it (they wait with reason `Priority`),
/// so a large job is never starved by a stream of small ones. Jobs that no node could ever run (or none that
/// is up) do not block the queue, and say so wherever they stand in it. Priority ordering, reservations and
/// backfill replace this in later work.
extension Scheduler {
    mutating func runCycle(at now: Instant, into fx: inout Effects) {
        var blocked = false
        for id in state.pendingIDs.sorted() {
            guard var job = state.jobs[id] else { continue }
            if job.held {
                setReason(&job, .held)
                continue
            }
            switch FirstFitPlacement(settings: settings).place(job.spec.request, on: state.nodes) {
            case .never(let reason):
                // Precedes `Priority`: its owner must learn it cannot run even while the queue is blocked.
                setReason(&job, reason)
            case _ where blocked:
                setReason(&job, .priority)
            case .placed(let allocation):
                start(&job, on: allocation, at: now, into: &fx)
            case .busy:
                blocked = true
                setReason(&job, .resources)
            }
        }
    }

    /// Pending reasons are recomputed every cycle, so they live in memory only (no transition).
    private mutating func setReason(_ job: inout Job, _ reason: PendingReason) {
        guard job.reason != reason.rawValue else { return }
        job.reason = reason.rawValue
        state.update(job)
    }

    private mutating func start(_ job: inout Job, on allocation: Allocation, at now: Instant, into fx: inout Effects) {
        for part in allocation.nodes {
            state.nodes[part.node]?.hold(part, for: job.id)
        }
        job.allocation = allocation
        job.activeNodes = allocation.nodeNames
        job.startedNodes = []
        job.startTime = now
        transition(&job, to: .running, reason: "Allocated \(allocation.nodeNames.joined(separator: ","))",
                   at: now, into: &fx)
        for part in allocation.nodes {
            fx.outbound.append(.launch(job.id, node: part.node))
        }
    }
}
