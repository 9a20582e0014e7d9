/// The scheduling cycle: which pending jobs start now, and why the others wait (docs/BACKFILL.md).
///
/// A **full cycle** ranks every pending job (multifactor priority; idle-capacity-only jobs last), then walks the
/// queue once, evaluating every job. An **incremental cycle** (every other event) keeps the last full cycle's
/// order and reservations and evaluates only the jobs the events may have made startable (`isCandidate`:
/// new, released or unblocked jobs, jobs whose shape fits a freed node, the next job in line for a reservation
/// slot that opened). Each evaluated job goes through five steps (`evaluate`):
///
/// 1. **Gates** (`gateReason`): held, begin time, dependencies, array throttle, limits and budget. A gated job
///    waits without blocking anyone.
/// 2. **Never** (`neverReason`): the capability and availability filters on the centre as it is, once per
///    shape: `Unsatisfiable`, `NodesDown` or `ReqNodeNotAvail`.
/// 3. **Strict FIFO** (`BackfillPolicy.Mode.none`): once a job could not start, every job behind it waits.
/// 4. **Placement now** (`PlacementPipeline.placeNow`): the occupancy filters' count checks pick the nodes
///    worth a look; on the nodes as the reservations that begin before the job would end leave them, each
///    candidate goes through the filters, then the exact allocation (`NodeAllocator`), then the scorers; the
///    gang takes the best nodes at once.
/// 5. **Wait for resources**: the first `reservationDepth` blocked jobs get a reservation at their earliest
///    start (`ReservationPlanner`, the same filters on the nodes as they will be), preempting scavenger jobs
///    when that is much sooner.
extension Scheduler {
    mutating func runCycle(at now: Instant, into fx: inout Effects) {
        guard !state.pendingIDs.isEmpty else {
            refreshContext()
            plan.changes.dirtyNodes.removeAll()
            plan.changes.dirtyJobs.removeAll()
            return
        }
        let changes = plan.changes
        let periodic = changes.lastFull == nil || changes.periodicFullDue(every: settings.fullCycleInterval).map { now >= $0 } ?? false
        let begins = changes.nextBegin.map { now >= $0 } ?? false
        if changes.needsFull || periodic || begins || plan.quota == nil {
            fullCycle(at: now, into: &fx)
            fx.cycle = .full
        } else if !changes.dirtyNodes.isEmpty || !changes.dirtyJobs.isEmpty {
            incrementalCycle(at: now, into: &fx)
            fx.cycle = .incremental
        }
    }

    private mutating func makeRun(at now: Instant, full: Bool) -> CycleRun {
        if plan.nodes.context == nil {
            plan.nodes.context = PlacementContext(nodes: state.nodes, order: plan.nodes.order, positions: plan.nodes.positions)
        } else {
            refreshContext()
        }
        // Taken out of the plan for the cycle, so updating it does not copy it.
        let context = plan.nodes.context!
        plan.nodes.context = nil
        return CycleRun(pipeline: PlacementPipeline(settings: settings), context: context, now: now, full: full,
                        strict: settings.backfill.mode == .none,
                        check: QuotaCheck(accounts: state.accounts, qos: state.book.policy.qos))
    }

    /// Brings the kept context up to date with the nodes where something was freed.
    private mutating func refreshContext() {
        guard var context = plan.nodes.context else { return }
        plan.nodes.context = nil
        for name in plan.changes.dirtyNodes {
            if let node = state.nodes[name] { context.update(node) }
        }
        plan.nodes.context = context
    }

    private mutating func fullCycle(at now: Instant, into fx: inout Effects) {
        rank(at: now)
        var run = makeRun(at: now, full: true) // refreshes the kept context with the freed nodes, forgotten below
        run.previous = plan.reservationBook.startOver()
        plan.changes.fullCycleStarted(at: now)
        for index in plan.queue.entries.indices {
            evaluate(index, &run, into: &fx)
        }
        plan.nodes.context = run.context
    }

    private mutating func incrementalCycle(at now: Instant, into fx: inout Effects) {
        plan.changes.changedSinceFull = true
        plan.reservationBook.shadow.resetViews()
        var run = makeRun(at: now, full: false)
        run.freed.positions = plan.changes.dirtyNodes.compactMap { run.context.positions[$0] }.sorted()
        let dirtyJobs = plan.changes.dirtyJobs
        plan.changes.dirtyNodes.removeAll()
        plan.changes.dirtyJobs.removeAll()
        // Dirty jobs are mostly new ones, with the highest ids: a range test spares hashing every entry's id.
        let lowest = dirtyJobs.min() ?? JobID(.max)
        let highest = dirtyJobs.max() ?? JobID(0)
        for index in plan.queue.entries.indices {
            let entry = plan.queue.entries[index]
            let dirty = entry.id >= lowest && entry.id <= highest && dirtyJobs.contains(entry.id)
            guard isCandidate(entry, dirty: dirty, &run) else {
                if entry.busy {
                    run.busyAhead += 1
                    if run.strict { run.blocked = true }
                }
                continue
            }
            evaluate(index, &run, into: &fx)
            if plan.changes.dirtyNodes.count != run.freed.seen { absorbFreedNodes(&run) }
        }
        plan.nodes.context = run.context
    }

    /// One pending job, in the five steps above.
    private mutating func evaluate(_ index: Int, _ run: inout CycleRun, into fx: inout Effects) {
        let entry = plan.queue.entries[index]
        plan.queue.entries[index].busy = false
        guard var job = state.jobs[entry.id], job.state == .pending else {
            plan.queue.entries[index].reserved = false
            return
        }
        // 1. Gates.
        if let gate = gateReason(job, &run) {
            if entry.reserved { dropReservation(of: job.id) }
            if gate == .dependencyNeverSatisfied, job.pendingReason != gate, job.spec.mail != nil {
                mailInvalidDependency(&job, at: run.now, into: &fx)
            }
            setReason(&job, gate)
            return
        }
        if !plan.changes.conditional.isEmpty { plan.changes.conditional.remove(job.id) }
        // 2. Never, as things stand.
        let request = job.spec.request
        if let never = neverReason(entry.shape, request, &run) {
            if entry.reserved { dropReservation(of: job.id) }
            if never == .nodesDrained {
                setReason(&job, .nodesDrained, detail: unavailableNodesDetail(entry.shape, request, &run))
            } else {
                setReason(&job, never)
            }
            return
        }
        // 3. Strict FIFO.
        if run.strict, run.blocked {
            markBusy(index, &run)
            setReason(&job, .priority)
            return
        }
        // 4. Placement now.
        switch placeNow(entry, request, &run) {
        case .placed(let allocation):
            if entry.reserved { dropReservation(of: job.id) }
            start(&job, on: allocation, run: &run, into: &fx)
        case .never(let reason): // not from placeNow: the never-verdict was taken in step 2
            setReason(&job, reason)
        case .busy:
            // 5. Wait for resources.
            waitForResources(&job, index, &run, into: &fx)
        }
    }

    /// Step 4: the job placed on the nodes as the reservations that begin before it would end leave them (all
    /// of them, its own excepted, in strict mode none), or busy. Shapes and limits known not to fit this cycle
    /// are answered from `run.noFit` without a look at the nodes.
    private mutating func placeNow(_ entry: QueueOrder.Entry, _ request: ResourceRequest,
                                   _ run: inout CycleRun) -> PlacementOutcome {
        if let noFit = run.noFit[entry.shape], noFit.excludes(limitMs: entry.limitMs) { return .busy }
        let ask = PlacementAsk(request, settings: settings)
        let admitted = run.pipeline.positionsAdmitting(ask, run.context.counts)
        if admitted.count < request.nodes {
            run.noFit[entry.shape] = .anyLimit
            return .busy
        }
        let end = run.now + Span(milliseconds: entry.limitMs)
        let nodes = run.strict ? NodeView(base: run.context.nodes, overrides: [:])
            : plan.reservationBook.shadow.view(of: run.context.nodes, positions: run.context.positions, endingAt: end,
                               excluding: entry.reserved ? entry.id : nil)
        let outcome = run.pipeline.placeNow(ask, on: nodes, counts: run.context.counts, mayFit: admitted)
        if case .busy = outcome { run.noFit[entry.shape] = NoFit.adding(entry.limitMs, to: run.noFit[entry.shape]) }
        return outcome
    }

    /// The job fits the centre but not now: a reservation if it is among the first `reservationDepth`.
    private mutating func waitForResources(_ job: inout Job, _ index: Int, _ run: inout CycleRun,
                                           into fx: inout Effects) {
        let entry = plan.queue.entries[index]
        if run.strict {
            setReason(&job, run.blocked ? .priority : .resources)
            run.blocked = true
            markBusy(index, &run)
            return
        }
        var reserved = entry.reserved
        if !reserved, !entry.idleOnly, hasReservationRoom(run) {
            run.reservationAttempts += 1
            if let reservation = reserve(job, limit: Span(milliseconds: entry.limitMs), &run, into: &fx) {
                if reservation.start <= run.now {
                    start(&job, on: reservation.allocation, run: &run, into: &fx)
                    return
                }
                plan.reservationBook.add(reservation)
                plan.queue.entries[index].reserved = true
                reserved = true
            }
        }
        setReason(&job, reserved || run.busyAhead == 0 ? .resources : .priority)
        markBusy(index, &run)
    }

    private mutating func markBusy(_ index: Int, _ run: inout CycleRun) {
        plan.queue.entries[index].busy = true
        run.busyAhead += 1
    }

    /// Pending reasons are recomputed by cycles, so they live in memory only (no transition). `detail` follows the
    /// reason's word (`ReqNodeNotAvail, UnavailableNodes:…`).
    mutating func setReason(_ job: inout Job, _ reason: PendingReason, detail: String? = nil) {
        guard job.pendingReason != reason || job.pendingDetail != detail else { return }
        job.pendingReason = reason
        job.pendingDetail = detail
        state.update(job)
    }

    private mutating func start(_ job: inout Job, on allocation: Allocation, run: inout CycleRun,
                                into fx: inout Effects) {
        for part in allocation.nodes {
            state.nodes[part.node]?.hold(part, for: job.id)
        }
        job.allocation = allocation
        job.activeNodes = NodeSubset(all: allocation)
        job.startedNodes = NodeSubset(none: allocation)
        job.startTime = run.now
        job.runs = job.epoch + 1
        OutputPath.atStart(&job, firstNode: allocation.nodes[0].node)
        transition(&job, to: .running, reason: "Allocated \(allocation.nodeNames.joined(separator: ","))",
                   at: run.now, into: &fx)
        for part in allocation.nodes {
            fx.outbound.append(.launch(job.id, node: part.node))
        }
        if let array = job.arrayJobID, run.runningTasks != nil { run.runningTasks?[array, default: 0] += 1 }
        run.quotaVerdicts.removeAll(keepingCapacity: true)
        run.freed.forgetAnswers()
        for part in allocation.nodes {
            guard let node = state.nodes[part.node] else { continue }
            run.context.update(node)
            plan.reservationBook.shadow.invalidate(node: part.node)
            if let position = run.context.positions[part.node], run.holds != nil {
                let held = HeldPart(job: job.id, part: part, end: expectedRelease(of: job, at: run.now),
                                    preemptible: isPreemptible(job))
                let at = run.holds![position].partitionPoint { HeldPart.endsBefore($0, held) }
                run.holds![position].insert(held, at: at)
            }
        }
    }
}
