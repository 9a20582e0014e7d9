/// The scheduling cycle: which pending jobs start now, and why the others wait (docs/BACKFILL.md).
///
/// A **full cycle** ranks every pending job (multifactor priority; idle-capacity-only jobs last), then walks the
/// queue once. Each job passes its gates (held, dependencies, array throttle, budget and quota: none of these
/// blocks anyone), then placement: it starts now if it fits without touching a reservation that begins before
/// it would end (`ReservationShadow`). The first `reservationDepth` jobs that cannot start get a reservation at
/// their earliest start (`ReservationPlanner`), preempting scavenger jobs when that is much sooner. With
/// `BackfillPolicy.Mode.none` the first job that cannot start blocks every job behind it instead.
///
/// An **incremental cycle** (every other event) keeps the last full cycle's order and reservations and looks
/// only at what the events changed: jobs that are new, released or may have been unblocked, and jobs whose shape
/// fits a node where something was freed (as the reservations that would overlap them leave it; a reserved job
/// as the node is). Nothing else can have become startable.
extension Scheduler {
    /// What one cycle computes once and carries through its walk.
    struct CycleRun {
        let pipeline: PlacementPipeline
        var context: PlacementContext
        let now: Instant
        let full: Bool
        let strict: Bool
        let check: QuotaCheck
        /// In strict mode: a job that fits the centre but not what is free now stopped the queue.
        var blocked = false
        /// Jobs walked so far that wait for resources.
        var busyAhead = 0
        var reservationAttempts = 0
        /// Shape → the shortest time limit that did not fit now this cycle (longer ones cannot fit either:
        /// during a walk resources are only taken and reservations only added).
        var failedLimit: [Int32: Int64] = [:]
        var quotaVerdicts: [QuotaRequest: QuotaVerdict?] = [:]
        /// Per shape: -1 not known yet, 0 it could run, else the `never` reason's position in `neverReasons`.
        var never: [Int8] = []
        /// Parts held per node position, built on the first reservation of the cycle.
        var holds: [[HeldPart]]?
        /// Per (shape, how many reservations shadow it): does it fit a freed node? -1 unknown, 0 no, 1 yes.
        /// Cleared whenever the cycle starts a job (a yes may have become a no).
        var fitsFreed: [Int8] = []
        /// Reservations + 1 when `fitsFreed` was laid out (a reservation made or dropped lays it out again).
        var fitsFreedStride = 0
        var freedPositions: [Int] = []
        /// How many of the plan's dirty nodes `freedPositions` has taken in during the walk.
        var freedSeen = 0
        var runningTasks: [JobID: Int]?
        /// The reservations of the previous plan: a re-planned job keeps its resources when it still can.
        var previous = ReservationShadow()
        /// Shape → the `ReqNodeNotAvail` reason naming the drained or downed nodes that could run it.
        var unavailableNodes: [Int32: String] = [:]
    }

    mutating func runCycle(at now: Instant, into fx: inout Effects) {
        guard !state.pendingIDs.isEmpty else {
            refreshContext()
            plan.dirtyNodes.removeAll()
            plan.dirtyJobs.removeAll()
            return
        }
        let periodic = plan.lastFull.map { now >= $0 + settings.fullCycleInterval && plan.changedSinceFull } ?? true
        let begins = plan.nextBegin.map { now >= $0 } ?? false
        if plan.needsFull || periodic || begins || plan.quota == nil {
            fullCycle(at: now, into: &fx)
            fx.cycle = .full
        } else if !plan.dirtyNodes.isEmpty || !plan.dirtyJobs.isEmpty {
            incrementalCycle(at: now, into: &fx)
            fx.cycle = .incremental
        }
    }

    private mutating func makeRun(at now: Instant, full: Bool) -> CycleRun {
        if plan.context == nil {
            plan.context = PlacementContext(nodes: state.nodes, order: plan.nodeOrder, positions: plan.nodePositions)
        } else {
            refreshContext()
        }
        // Taken out of the plan for the cycle, so updating it does not copy it.
        let context = plan.context!
        plan.context = nil
        return CycleRun(pipeline: PlacementPipeline(settings: settings), context: context, now: now, full: full,
                        strict: settings.backfill.mode == .none,
                        check: QuotaCheck(accounts: state.accounts, qos: state.book.policy.qos))
    }

    /// Brings the kept context up to date with the nodes where something was freed.
    private mutating func refreshContext() {
        guard var context = plan.context else { return }
        plan.context = nil
        for name in plan.dirtyNodes {
            if let node = state.nodes[name] { context.update(node) }
        }
        plan.context = context
    }

    private mutating func fullCycle(at now: Instant, into fx: inout Effects) {
        rank(at: now)
        var run = makeRun(at: now, full: true) // refreshes the kept context with the freed nodes, forgotten below
        run.previous = plan.shadow
        plan.shadow = ReservationShadow()
        plan.lastFull = now
        plan.needsFull = false
        plan.changedSinceFull = false
        plan.dirtyNodes.removeAll()
        plan.dirtyJobs.removeAll()
        plan.conditional.removeAll()
        plan.nextBegin = nil
        for index in plan.entries.indices {
            evaluate(index, &run, into: &fx)
        }
        plan.context = run.context
    }

    private mutating func incrementalCycle(at now: Instant, into fx: inout Effects) {
        plan.changedSinceFull = true
        plan.shadow.resetViews()
        var run = makeRun(at: now, full: false)
        run.freedPositions = plan.dirtyNodes.compactMap { run.context.positions[$0] }.sorted()
        let dirtyJobs = plan.dirtyJobs
        plan.dirtyNodes.removeAll()
        plan.dirtyJobs.removeAll()
        // Dirty jobs are mostly new ones, with the highest ids: a range test spares hashing every entry's id.
        let lowest = dirtyJobs.min() ?? JobID(.max)
        let highest = dirtyJobs.max() ?? JobID(0)
        for index in plan.entries.indices {
            let entry = plan.entries[index]
            let dirty = entry.id >= lowest && entry.id <= highest && dirtyJobs.contains(entry.id)
            let candidate = dirty || mayTakeReservation(entry, run) || fitsFreedNode(entry, &run)
            guard candidate else {
                if entry.busy {
                    run.busyAhead += 1
                    if run.strict { run.blocked = true }
                }
                continue
            }
            evaluate(index, &run, into: &fx)
            if plan.dirtyNodes.count != run.freedSeen { absorbFreedNodes(&run) }
        }
        plan.context = run.context
    }

    /// A waiting job a full walk would now give a reservation: one was given back since (its job started or
    /// left) and this one is the next in line. Without it, jobs behind could backfill into what it needs until
    /// the next full cycle.
    private func mayTakeReservation(_ entry: SchedulingPlan.Entry, _ run: CycleRun) -> Bool {
        entry.busy && !entry.reserved && !entry.idleOnly && !run.strict && hasReservationRoom(run)
    }

    /// Whether the walk may still make a reservation (`waitForResources` asks the same).
    private func hasReservationRoom(_ run: CycleRun) -> Bool {
        run.reservationAttempts < settings.backfill.reservationDepth
            && plan.shadow.count < settings.backfill.reservationDepth
    }

    /// A reservation given back during the walk (its job started, or went away) frees its nodes for the jobs
    /// after it in this very cycle, as a full walk would see them; they stay dirty for the next cycle too.
    private func absorbFreedNodes(_ run: inout CycleRun) {
        run.freedSeen = plan.dirtyNodes.count
        let positions = Set(run.freedPositions).union(plan.dirtyNodes.compactMap { run.context.positions[$0] })
        run.freedPositions = positions.sorted()
        if !run.fitsFreed.isEmpty { resetFitsFreed(&run) }
    }

    /// Whether one node's part of the job's shape fits one of the nodes freed since the last cycle, as the
    /// reservations that begin before the job would end leave them: a necessary condition for a job that did not
    /// fit then to fit now.
    private mutating func fitsFreedNode(_ entry: SchedulingPlan.Entry, _ run: inout CycleRun) -> Bool {
        guard !run.freedPositions.isEmpty, Int(entry.shape) < plan.shapes.count else { return false }
        // A reserved job is not kept off its own reservation, which may have begun already (the parts it waits
        // for outlived their expected ends): its own view, not memoised (there are at most `reservationDepth`).
        if entry.reserved {
            let view = plan.shadow.view(of: run.context.nodes, positions: run.context.positions, endingAt: run.now,
                                        excluding: entry.id)
            return fitsOneNode(entry.shape, of: run.freedPositions.map { view[$0] }, run)
        }
        let end = run.now + Span(milliseconds: entry.limitMs)
        let prefix = plan.shadow.prefixLength(endingAt: end)
        if run.fitsFreedStride != plan.shadow.count + 1 { resetFitsFreed(&run) }
        let key = Int(entry.shape) * run.fitsFreedStride + prefix
        if run.fitsFreed[key] >= 0 { return run.fitsFreed[key] == 1 }
        let view = plan.shadow.view(of: run.context.nodes, positions: run.context.positions, endingAt: end)
        let fits = fitsOneNode(entry.shape, of: run.freedPositions.map { view[$0] }, run)
        run.fitsFreed[key] = fits ? 1 : 0
        return fits
    }

    /// Whether one node's part of the shape is placed on one of `nodes`.
    private func fitsOneNode(_ shape: Int32, of nodes: [Node], _ run: CycleRun) -> Bool {
        if case .placed = run.pipeline.place(plan.shapeRequests[Int(shape)], on: nodes).outcome { return true }
        return false
    }

    private func resetFitsFreed(_ run: inout CycleRun) {
        run.fitsFreedStride = plan.shadow.count + 1
        run.fitsFreed = Array(repeating: -1, count: plan.shapes.count * run.fitsFreedStride)
    }

    /// One pending job: its gates, then placement now, then (if it must wait) a reservation.
    private mutating func evaluate(_ index: Int, _ run: inout CycleRun, into fx: inout Effects) {
        let entry = plan.entries[index]
        plan.entries[index].busy = false
        guard var job = state.jobs[entry.id], job.state == .pending else {
            plan.entries[index].reserved = false
            return
        }
        if let gate = gateReason(job, &run) {
            if entry.reserved { dropReservation(of: job.id) }
            if gate == .dependencyNeverSatisfied, job.reason != gate.rawValue, job.spec.mail != nil {
                mailInvalidDependency(&job, at: run.now, into: &fx)
            }
            setReason(&job, gate)
            return
        }
        if !plan.conditional.isEmpty { plan.conditional.remove(job.id) }
        let request = job.spec.request
        if let never = neverReason(entry.shape, request, &run) {
            if entry.reserved { dropReservation(of: job.id) }
            if never == .nodesDrained {
                setReason(&job, text: unavailableNodesReason(entry.shape, request, &run))
            } else {
                setReason(&job, never)
            }
            return
        }
        if run.strict, run.blocked {
            markBusy(index, &run)
            setReason(&job, .priority)
            return
        }
        if let failed = run.failedLimit[entry.shape], failed <= entry.limitMs {
            waitForResources(&job, index, &run, into: &fx)
            return
        }
        let ask = PlacementAsk(request, settings: settings)
        let fitting = run.pipeline.positionsAdmitting(ask, run.context.counts)
        if fitting.count < request.nodes {
            run.failedLimit[entry.shape] = .min // whatever its limit, nothing of this shape fits now
            waitForResources(&job, index, &run, into: &fx)
            return
        }
        let end = run.now + Span(milliseconds: entry.limitMs)
        let nodes = run.strict ? NodeView(base: run.context.nodes, overrides: [:])
            : plan.shadow.view(of: run.context.nodes, positions: run.context.positions, endingAt: end,
                               excluding: entry.reserved ? job.id : nil)
        switch run.pipeline.placeNow(ask, on: nodes, counts: run.context.counts, mayFit: fitting) {
        case .placed(let allocation):
            if entry.reserved { dropReservation(of: job.id) }
            start(&job, on: allocation, run: &run, into: &fx)
        case .never(let reason): // not from placeNow: the never-verdict was taken above
            setReason(&job, reason)
        case .busy:
            run.failedLimit[entry.shape] = min(run.failedLimit[entry.shape] ?? .max, entry.limitMs)
            waitForResources(&job, index, &run, into: &fx)
        }
    }

    private static let neverReasons: [PendingReason] = [.unsatisfiable, .nodesDown, .nodesDrained]

    /// `Unsatisfiable`/`NodesDown` for the shape, or nil: an array lookup per job; the context remembers the
    /// verdict per shape until a node changes status or inventory.
    private mutating func neverReason(_ shape: Int32, _ request: ResourceRequest, _ run: inout CycleRun) -> PendingReason? {
        if run.never.count != plan.shapes.count { run.never = Array(repeating: -1, count: plan.shapes.count) }
        let index = Int(shape)
        guard index < run.never.count else { return run.context.neverReason(request, run.pipeline) }
        if run.never[index] < 0 {
            let reason = run.context.neverReason(request, run.pipeline)
            run.never[index] = reason.flatMap { Self.neverReasons.firstIndex(of: $0) }.map { Int8($0 + 1) } ?? 0
        }
        return run.never[index] == 0 ? nil : Self.neverReasons[Int(run.never[index]) - 1]
    }

    /// The gates that make a job wait without blocking anyone, in `PendingReason` precedence.
    private mutating func gateReason(_ job: Job, _ run: inout CycleRun) -> PendingReason? {
        if job.held { return .held }
        if let begin = job.spec.beginTime, begin > run.now {
            plan.nextBegin = min(plan.nextBegin ?? begin, begin)
            return .beginTime
        }
        if let dependency = job.dependency {
            switch dependencyStatus(dependency, of: job) {
            case .waiting:
                plan.conditional.insert(job.id)
                return .dependency
            case .neverSatisfied:
                return .dependencyNeverSatisfied
            case .satisfied:
                break
            }
        }
        if let limit = job.arrayThrottle, let array = job.arrayJobID {
            if run.runningTasks == nil { run.runningTasks = runningArrayTasks() }
            if run.runningTasks?[array, default: 0] ?? 0 >= limit {
                plan.conditional.insert(job.id)
                return .arrayTaskLimit
            }
        }
        let quota = quotaRequest(job)
        let verdict: QuotaVerdict?
        if let memo = run.quotaVerdicts[quota] {
            verdict = memo
        } else {
            verdict = plan.quota.flatMap { run.check.pendingReason(quota, snapshot: $0, at: run.now) }
            run.quotaVerdicts[quota] = verdict
        }
        if let verdict {
            plan.conditional.insert(job.id)
            return verdict.reason
        }
        return nil
    }

    /// The job fits the centre but not now: a reservation if it is among the first `reservationDepth`.
    private mutating func waitForResources(_ job: inout Job, _ index: Int, _ run: inout CycleRun,
                                           into fx: inout Effects) {
        let entry = plan.entries[index]
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
                plan.shadow.add(reservation)
                plan.entries[index].reserved = true
                reserved = true
            }
        }
        setReason(&job, reserved || run.busyAhead == 0 ? .resources : .priority)
        markBusy(index, &run)
    }

    private mutating func markBusy(_ index: Int, _ run: inout CycleRun) {
        plan.entries[index].busy = true
        run.busyAhead += 1
    }

    /// Whether a pending job's dependencies are met now, may still be met, or never can be.
    func dependencyStatus(_ dependency: Dependency, of job: Job) -> Dependency.Status {
        var waiting = false
        for condition in dependency.conditions {
            for id in condition.jobs {
                // A retired job ended before it left: its final state is kept while pending jobs name it.
                guard let final = state.jobs[id]?.state ?? state.retirements.outcomes[id] else { return .neverSatisfied }
                guard final.isTerminal else { waiting = true; continue }
                let succeeded = final == .completed
                switch condition.kind {
                case .afterok where !succeeded, .afternotok where succeeded: return .neverSatisfied
                case .afterok, .afternotok, .afterany: break
                }
            }
        }
        if waiting { return .waiting }
        if dependency.singleton {
            let ahead = state.jobs.values.contains { other in
                other.id != job.id && other.spec.user == job.spec.user && other.spec.name == job.spec.name
                    && (other.state == .running || (other.state == .pending && other.id < job.id))
            }
            if ahead { return .waiting }
        }
        return .satisfied
    }

    /// Running tasks per throttled job array.
    private func runningArrayTasks() -> [JobID: Int] {
        var counts: [JobID: Int] = [:]
        for id in state.runningIDs {
            guard let job = state.jobs[id], job.arrayThrottle != nil, let array = job.arrayJobID else { continue }
            counts[array, default: 0] += 1
        }
        return counts
    }

    /// Pending reasons are recomputed by cycles, so they live in memory only (no transition).
    mutating func setReason(_ job: inout Job, _ reason: PendingReason) {
        setReason(&job, text: reason.rawValue)
    }

    /// A reason with details after its word (`ReqNodeNotAvail, UnavailableNodes:…`).
    mutating func setReason(_ job: inout Job, text: String) {
        guard job.reason != text else { return }
        job.reason = text
        state.update(job)
    }

    private mutating func start(_ job: inout Job, on allocation: Allocation, run: inout CycleRun,
                                into fx: inout Effects) {
        for part in allocation.nodes {
            state.nodes[part.node]?.hold(part, for: job.id)
        }
        job.allocation = allocation
        job.activeNodes = allocation.nodeNames
        job.startedNodes = []
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
        if !run.fitsFreed.isEmpty { resetFitsFreed(&run) }
        for part in allocation.nodes {
            guard let node = state.nodes[part.node] else { continue }
            run.context.update(node)
            plan.shadow.invalidate(node: part.node)
            if let position = run.context.positions[part.node], run.holds != nil {
                let held = HeldPart(job: job.id, part: part, end: expectedRelease(of: job, at: run.now),
                                    preemptible: isPreemptible(job))
                let at = run.holds![position].partitionPoint { HeldPart.endsBefore($0, held) }
                run.holds![position].insert(held, at: at)
            }
        }
    }
}
