/// The scheduler's complete decision logic, as a value.
///
/// Pure: it never reads a clock, touches a file or socket, starts a thread, or draws unseeded randomness.
/// Shells (schedd, the simulator, tests) feed it events with the current time and carry out the `Effects` it
/// returns. The same inputs always give the same outputs, which is what lets the simulator predict schedd.
///
/// Contract for shells:
/// - `now` MUST NOT decrease between calls.
/// - All `transitions` of a returned `Effects` MUST be durably committed before any of its `outbound` is
///   carried out (so nobody is told of a state change that a crash could undo).
public struct Scheduler: Sendable {
    public internal(set) var state: ClusterState
    public let settings: SchedulerSettings
    /// The last cycle's queue order, reservations and what changed since (never persisted).
    public internal(set) var plan = SchedulingPlan()
    /// Which nodes went silent and when the next could (never persisted: recomputed from `lastHeard`).
    var liveness = NodeLiveness()

    /// A state built without an accounting book of its own (a new centre, a test) gets one with the settings'
    /// policy; a recovered state keeps the book replayed from its ledger.
    public init(state: ClusterState = ClusterState(), settings: SchedulerSettings = SchedulerSettings()) {
        var state = state
        let untouched = AccountingBook(policy: state.book.policy)
        if state.book == untouched, state.book.policy != settings.accounting {
            state.book = AccountingBook(policy: settings.accounting)
        }
        self.state = state
        self.settings = settings
    }

    /// Handles one event, then runs a scheduling cycle.
    public mutating func handle(_ event: Event, at now: Instant) -> Effects {
        handle([event], at: now)
    }

    /// Handles a batch of events (one group commit in the daemon), then runs one scheduling cycle.
    public mutating func handle(_ events: [Event], at now: Instant) -> Effects {
        var fx = Effects()
        let keyLifetime = settings.limits.submissionKeyLifetime.milliseconds
        state.submissionKeys.expire(before: Instant(milliseconds: now.milliseconds &- max(0, keyLifetime)))
        for event in events {
            apply(event, at: now, into: &fx)
        }
        runCycle(at: now, into: &fx)
        takeJobSnapshots(into: &fx)
        retireFinishedJobs(at: now, into: &fx)
        fx.wakeAt = nextWake()
        return fx
    }

    /// The `jobChanged` transitions of the jobs saved during the call, from their final state (`ChangedJobs`):
    /// before any retirement, so a job that ends and leaves in one call is committed, then retired.
    mutating func takeJobSnapshots(into fx: inout Effects) {
        guard !fx.unsnapshotted.isEmpty else { return }
        for id in fx.unsnapshotted.order {
            if let job = state.jobs[id] { fx.transitions.append(.jobChanged(job)) }
        }
        fx.unsnapshotted.removeAll()
    }

    /// Replaces the account registry (admin import or change). Jobs already accepted keep their project.
    public mutating func replaceAccounts(_ accounts: AccountRegistry) {
        state.accounts = accounts
        needFullCycle()
    }

    private mutating func apply(_ event: Event, at now: Instant, into fx: inout Effects) {
        switch event {
        case let .jobSubmitted(spec, request):
            fx.outbound.append(.reply(request, submit(spec, at: now, into: &fx)))
        case let .cancelRequested(selectors, principal, request):
            let outcomes = act(on: selectors, where: { !$0.state.isTerminal }) {
                $0.cancel($1, by: principal, at: now, into: &fx)
            }
            fx.outbound.append(.reply(request, .jobActions(outcomes)))
        case let .holdRequested(selectors, principal, request):
            let outcomes = act(on: selectors, where: { $0.state == .pending && !$0.held }) {
                $0.setHeld($1, true, by: principal, at: now, into: &fx)
            }
            fx.outbound.append(.reply(request, .jobActions(outcomes)))
        case let .releaseRequested(selectors, principal, request):
            let outcomes = act(on: selectors, where: { $0.state == .pending && $0.held }) {
                $0.setHeld($1, false, by: principal, at: now, into: &fx)
            }
            fx.outbound.append(.reply(request, .jobActions(outcomes)))
        case let .allocationEnded(id, exitCode, principal, request):
            let outcome = endAllocation(id, exitCode: exitCode, by: principal, at: now, into: &fx)
            fx.outbound.append(.reply(request, .jobActions([outcome])))
        case let .nodeRegistered(inventory, running, epochs, request):
            fx.outbound.append(.reply(request, registerNode(inventory, running: running, epochs: epochs, at: now,
                                                            into: &fx)))
        case let .heartbeatReceived(node, running, epochs):
            heartbeat(from: node, running: running, epochs: epochs, at: now, into: &fx)
        case let .nodeDisconnected(node):
            disconnect(node, into: &fx)
        case let .jobStarted(id, node, note, epoch, request):
            let reply = jobStarted(id, on: node, note: note, epoch: epoch, at: now, into: &fx)
            if let request { fx.outbound.append(.reply(request, reply)) }
        case let .jobExited(id, node, report, epoch, request):
            partEnded(id, on: node, report: report, epoch: epoch, at: now, into: &fx)
            if let request { fx.outbound.append(.reply(request, .ack)) }
        case let .accountChangeRequested(change, ledger, principal, request):
            needFullCycle()
            fx.outbound.append(.reply(request, changeAccounts(change, ledger: ledger, by: principal, at: now, into: &fx)))
        case let .nodeControlRequested(action, nodes, reason, principal, request):
            fx.outbound.append(.reply(request, controlNodes(action, nodes, reason: reason, by: principal, at: now,
                                                            into: &fx)))
        case let .qosChangeRequested(level, policy, principal, request):
            needFullCycle()
            fx.outbound.append(.reply(request, changeQoS(level, to: policy, by: principal, at: now, into: &fx)))
        case .timerFired:
            expireSilentNodes(at: now, into: &fx)
            chargeRunningJobs(at: now, into: &fx)
            mailTimeMarks(at: now, into: &fx)
        }
    }

    /// The earliest moment a node could time out, running jobs are due a charge or a time-limit mail, a begin time
    /// arrives, the queue is due a full cycle or a finished job's retention runs out; the shell must tick by then.
    private mutating func nextWake() -> Instant? {
        var wake: Instant?
        func consider(_ instant: Instant?) {
            guard let instant else { return }
            wake = min(wake ?? instant, instant)
        }
        consider(earliestSilence())
        if let retention = settings.jobRetention { consider(state.retirements.nextDue(after: retention)) }
        if !state.pendingIDs.isEmpty || !state.runningIDs.isEmpty { consider(state.nextAccountingTick) }
        if !state.runningIDs.isEmpty { consider(nextMailMark()) }
        if !state.pendingIDs.isEmpty {
            consider(plan.changes.nextBegin)
            consider(plan.changes.periodicFullDue(every: settings.fullCycleInterval))
        }
        return wake
    }

    // MARK: - Shared mutation helpers (used by the per-concern extensions)

    /// Records a state change: updates the job, appends history, and emits both transitions.
    mutating func transition(_ job: inout Job, to newState: JobState, reason: String, at now: Instant,
                             into fx: inout Effects) {
        if job.state == .running, newState != .running { chargeEnd(of: job, at: now, into: &fx) }
        noteTransition(of: job, from: job.state, to: newState)
        let old = job.state
        job.state = newState
        // The history says why; a caller that leaves the job pending says what it now waits for.
        job.pendingReason = nil
        job.pendingDetail = nil
        let change = StateChange(at: now, state: newState, reason: reason)
        job.record(change)
        if newState.isTerminal, job.endTime == nil { job.endTime = now }
        if newState.isTerminal, !old.isTerminal { state.retirements.ended(job.id, at: now) }
        if job.spec.mail != nil { mail(about: &job, from: old, at: now, into: &fx) }
        save(job, into: &fx)
        fx.transitions.append(.jobHistoryAppended(job.id, change))
    }

    /// The job as it now is, committed with the call's transitions (its snapshot is taken once, at the end).
    mutating func save(_ job: Job, into fx: inout Effects) {
        state.update(job)
        fx.unsnapshotted.insert(job.id)
    }

    mutating func save(_ node: Node, into fx: inout Effects) {
        state.nodes[node.name] = node
        fx.transitions.append(.nodeChanged(node))
    }
}
