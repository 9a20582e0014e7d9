/// Which jobs an incremental cycle looks at (docs/BACKFILL.md §Incremental cycles): besides new, released and
/// conditional jobs, those that can have become startable because resources were freed or a reservation slot
/// opened. `IncrementalCycleOracleTests` checks that nothing else can have.
extension Scheduler {
    /// Whether the incremental walk must evaluate `entry`.
    mutating func isCandidate(_ entry: QueueOrder.Entry, dirty: Bool, _ run: inout CycleRun) -> Bool {
        dirty || mayTakeReservation(entry, run) || fitsFreedNode(entry, &run)
    }

    /// A waiting job a full walk would now give a reservation: one was given back since (its job started or
    /// left) and this one is the next in line. Without it, jobs behind could backfill into what it needs until
    /// the next full cycle.
    private func mayTakeReservation(_ entry: QueueOrder.Entry, _ run: CycleRun) -> Bool {
        entry.busy && !entry.reserved && !entry.idleOnly && !run.strict && hasReservationRoom(run)
    }

    /// Whether the walk may still make a reservation (`waitForResources` asks the same).
    func hasReservationRoom(_ run: CycleRun) -> Bool {
        run.reservationAttempts < settings.backfill.reservationDepth
            && plan.reservationBook.shadow.count < settings.backfill.reservationDepth
    }

    /// A reservation given back during the walk (its job started, or went away) frees its nodes for the jobs
    /// after it in this very cycle, as a full walk would see them; they stay dirty for the next cycle too.
    func absorbFreedNodes(_ run: inout CycleRun) {
        run.freed.seen = plan.changes.dirtyNodes.count
        let positions = Set(run.freed.positions).union(plan.changes.dirtyNodes.compactMap { run.context.positions[$0] })
        run.freed.positions = positions.sorted()
        run.freed.layOut(shapes: plan.queue.shapes.count, reservations: plan.reservationBook.shadow.count)
    }

    /// Whether one node's part of the job's shape fits one of the nodes freed since the last cycle, as the
    /// reservations that begin before the job would end leave them: a necessary condition for a job that did not
    /// fit then to fit now.
    private mutating func fitsFreedNode(_ entry: QueueOrder.Entry, _ run: inout CycleRun) -> Bool {
        guard !run.freed.isEmpty, Int(entry.shape) < plan.queue.shapes.count else { return false }
        // A reserved job is not kept off its own reservation, which may have begun already (the parts it waits
        // for outlived their expected ends): its own view, not memoised (there are at most `reservationDepth`).
        if entry.reserved {
            let view = plan.reservationBook.shadow.view(of: run.context.nodes, positions: run.context.positions, endingAt: run.now,
                                        excluding: entry.id)
            return fitsOneNode(entry.shape, of: run.freed.positions.map { view[$0] }, run)
        }
        let end = run.now + Span(milliseconds: entry.limitMs)
        let prefix = plan.reservationBook.shadow.prefixLength(endingAt: end)
        if !run.freed.isLaidOut(reservations: plan.reservationBook.shadow.count) {
            run.freed.layOut(shapes: plan.queue.shapes.count, reservations: plan.reservationBook.shadow.count)
        }
        if let known = run.freed[entry.shape, prefix] { return known }
        let view = plan.reservationBook.shadow.view(of: run.context.nodes, positions: run.context.positions, endingAt: end)
        let fits = fitsOneNode(entry.shape, of: run.freed.positions.map { view[$0] }, run)
        run.freed[entry.shape, prefix] = fits
        return fits
    }

    /// Whether one node's part of the shape is placed on one of `nodes`.
    private func fitsOneNode(_ shape: Int32, of nodes: [Node], _ run: CycleRun) -> Bool {
        if case .placed = run.pipeline.place(plan.queue.shapeRequests[Int(shape)], on: nodes).outcome { return true }
        return false
    }
}
