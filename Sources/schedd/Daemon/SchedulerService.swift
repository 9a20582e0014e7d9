import Foundation
import Logging
import SchedulerCore
import SchedulerStore

/// The live shell around the pure `Scheduler`: it feeds events in, commits the resulting transitions to
/// SQLite, and only then carries out replies, launches, kills and mail.
///
/// Submissions are checked against the database's room first (`StorageGuard`): while it is short, they are
/// refused with a clear error rather than acknowledged and then lost.
///
/// Group commit falls out of the actor: while one batch is being written, new events queue in `inbox`, and the
/// next batch takes them all at once, so many concurrent submits share one transaction and one fsync.
///
/// Queries never see a change that is not yet durable, and never run on this actor: they take the last committed
/// scheduler from `committed` (`CommittedState`) and run on `QueryPool`'s threads, so a flood of them cannot delay
/// submits, heartbeats or timer ticks. A query that finds no committed value on the board (a batch is being handled
/// or committed) asks `committedScheduler()`, which answers at once between batches or right after the commit.
actor SchedulerService {
    private var scheduler: Scheduler
    private var committing = false
    private var waitingReads: [CheckedContinuation<Scheduler, Never>] = []
    nonisolated let committed = CommittedState()
    private let store: StateStore
    private let clock: WallClock
    private let logger: Logger
    private var inbox: [Event] = []
    private var waiting: [UInt64: CheckedContinuation<Reply, Never>] = [:]
    private var nextRequest: UInt64 = 1
    private var draining = false
    private var dispatcher: OutboundDispatcher?
    /// Runs the centre's mail command; nil when it has none (the core then refuses jobs that ask for mail).
    private let notifier: MailNotifier?
    /// Refuses submissions while the database is short of room; nil: never (tests of other things).
    private let storage: StorageGuard?
    /// What happens when a commit fails: in schedd, log and exit 75 (it never returns); tests record the reason.
    private let failStop: @Sendable (String) -> Void
    /// Set after a failed commit: nothing more is handled or acknowledged (in schedd the process is exiting).
    private var stopped = false
    /// Times cycles and commits for /metrics; nil: not measured (schedd without --metrics-port, tests of other things).
    private let metrics: ScheddMetrics?

    init(scheduler: Scheduler, store: StateStore, clock: WallClock, logger: Logger, notifier: MailNotifier? = nil,
         storage: StorageGuard? = nil, metrics: ScheddMetrics? = nil, failStop: (@Sendable (String) -> Void)? = nil) {
        self.metrics = metrics
        self.scheduler = scheduler
        self.store = store
        self.clock = clock
        self.logger = logger
        self.notifier = notifier
        self.storage = storage
        self.failStop = failStop ?? { reason in
            // Fail-stop: memory is ahead of disk, but nobody was told. A restart reloads the truth.
            logger.critical("\(reason); stopping so a restart recovers from the database")
            exit(75)
        }
    }

    func attach(_ dispatcher: OutboundDispatcher) {
        self.dispatcher = dispatcher
    }

    /// Hands an event to the core and waits for its reply, which comes only after the batch is committed.
    func perform(_ makeEvent: (RequestID) -> Event) async -> Reply {
        guard !stopped else {
            return .rejected(Rejection(.unavailable, "schedd stopped after a failed commit and takes no more work",
                                       hint: "wait for schedd to restart, then try again"))
        }
        let id = RequestID(nextRequest)
        nextRequest += 1
        return await withCheckedContinuation { continuation in
            waiting[id.rawValue] = continuation
            inbox.append(makeEvent(id))
            startDraining()
        }
    }

    /// Hands an event to the core without waiting (heartbeats, disconnects, timer ticks).
    func post(_ event: Event) {
        inbox.append(event)
        startDraining()
    }

    /// The last committed scheduler: from the board without touching the actor when it is there, else published
    /// now (between batches) or right after the commit under way.
    nonisolated func committedScheduler() async -> Scheduler {
        if let scheduler = committed.current() { return scheduler }
        return await publishCommitted()
    }

    private func publishCommitted() async -> Scheduler {
        guard committing else {
            committed.publish(scheduler)
            return scheduler
        }
        return await withCheckedContinuation { waitingReads.append($0) }
    }

    private func startDraining() {
        guard !draining else { return }
        draining = true
        Task { await self.drain() }
    }

    private func drain() async {
        while !inbox.isEmpty, !stopped {
            let batch = admitted(inbox)
            inbox.removeAll(keepingCapacity: true)
            committed.withdraw()
            let effects = handle(batch)
            committing = true
            do {
                try await commit(effects.transitions, events: batch.count)
            } catch {
                // The batch's requesters are never answered: the commit may have failed after its bytes reached
                // the disk (an fsync error), so neither "done" nor "not done" would be sure. Their retries are.
                stopped = true
                failStop("schedd cannot store new work: \(error); an admin must free space in "
                         + "\(store.directory ?? "its state directory") or repair its disk")
                return
            }
            committing = false
            // Published before the batch's replies go out: whoever is told "done" and then asks sees it.
            if !waitingReads.isEmpty {
                committed.publish(scheduler)
                let reads = waitingReads
                waitingReads.removeAll()
                for read in reads { read.resume(returning: scheduler) }
            }
            deliver(effects.outbound)
        }
        draining = false
    }

    /// The core's call, timed under the cycle it ran (the core reads no clock; it says which cycle it was).
    private func handle(_ batch: [Event]) -> Effects {
        let started = ContinuousClock.now
        let effects = scheduler.handle(batch, at: clock.now())
        if let metrics, let kind = effects.cycle { metrics.cycle(kind, took: ContinuousClock.now - started) }
        return effects
    }

    /// One group commit, timed with the number of events it makes durable (a failed one is not measured).
    private func commit(_ transitions: [Transition], events: Int) async throws {
        let started = ContinuousClock.now
        try await store.commit(transitions)
        metrics?.commit(took: ContinuousClock.now - started, events: events)
    }

    /// Slurm's KillWait, as agents get it: SIGTERM, then SIGKILL this many seconds later.
    private var killWaitSeconds: UInt32 { UInt32(clamping: scheduler.settings.killWait.milliseconds / 1000) }

    /// The batch without the submissions the storage guard refuses; those are answered now (nothing was stored).
    private func admitted(_ batch: [Event]) -> [Event] {
        guard let storage, batch.contains(where: { if case .jobSubmitted = $0 { true } else { false } }) else {
            return batch
        }
        var admission = storage.startBatch()
        return batch.filter { event in
            guard case let .jobSubmitted(spec, request) = event,
                  let refusal = storage.refusal(of: spec, in: &admission) else { return true }
            waiting.removeValue(forKey: request.rawValue)?.resume(returning: .rejected(refusal))
            return false
        }
    }

    private func deliver(_ outbound: [Outbound]) {
        for item in outbound {
            switch item {
            case let .reply(id, reply):
                waiting.removeValue(forKey: id.rawValue)?.resume(returning: reply)
            case let .launch(job, node):
                guard let job = scheduler.state.jobs[job] else { continue }
                dispatcher?.launch(job, on: node, nodes: scheduler.state.nodes, killWait: killWaitSeconds)
            case let .kill(job, node, reason):
                dispatcher?.kill(job, on: node, reason: reason, graceSeconds: killWaitSeconds)
            case let .fence(node):
                logger.warning("node \(node) timed out: its connection is closed and its jobs are no longer counted as running there")
                dispatcher?.fence(node)
            case let .notify(notice):
                guard let notifier else {
                    logger.warning("mail for job \(notice.job) (\(notice.event.rawValue)) dropped: no --mail-command")
                    continue
                }
                notifier.send(notice)
            }
        }
    }
}

/// Where the service sends launches and kills (the agent sessions in the daemon).
protocol OutboundDispatcher: Sendable {
    func launch(_ job: Job, on node: String, nodes: [String: Node], killWait: UInt32)
    func kill(_ job: JobID, on node: String, reason: String, graceSeconds: UInt32)
    /// Closes the node's connection (it timed out): nothing queued for it is delivered later.
    func fence(_ node: String)
}
