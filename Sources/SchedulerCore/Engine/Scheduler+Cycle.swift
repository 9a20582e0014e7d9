/// The scheduling cycle: which pending jobs start now, and why the others wait.
///
/// Policy for now is strict first-come-first-served with topology-aware placement (`PlacementPipeline`): jobs
/// are considered in id order and the first job that cannot start blocks the ones behind it (they wait with
/// reason `Priority`), so a large job is never starved by a stream of small ones. Jobs that no node could ever
/// run (or none that is up) do not block the queue, and say so wherever they stand in it. Priority ordering,
/// reservations and backfill replace this in later work.
extension Scheduler {
    mutating func runCycle(at now: Instant, into fx: inout Effects) {
        let pipeline = PlacementPipeline(settings: settings)
        var context = PlacementContext(nodes: state.nodes)
        var blocked = false
        for id in state.pendingIDs.sorted() {
            guard var job = state.jobs[id] else { continue }
            if job.held {
                setReason(&job, .held)
                continue
            }
            let request = job.spec.request
            if blocked {
                // Behind a blocked head only the never-reasons matter: no allocation is tried.
                // They precede `Priority`: the owner must learn the job cannot run even while the queue is blocked.
                setReason(&job, context.neverReason(request, pipeline) ?? .priority)
                continue
            }
            switch pipeline.place(request, on: context.nodes).outcome {
            case .never(let reason):
                setReason(&job, reason)
            case .placed(let allocation):
                start(&job, on: allocation, at: now, into: &fx)
                for part in allocation.nodes {
                    if let node = state.nodes[part.node] { context.update(node) }
                }
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
