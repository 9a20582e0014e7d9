import Foundation
import Logging
import SchedulerCore
import SchedulerStore

/// The live shell around the pure `Scheduler`: it feeds events in, commits the resulting transitions to
/// SQLite, and only then carries out replies, launches, kills and mail.
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

    init(scheduler: Scheduler, store: StateStore, clock: WallClock, logger: Logger, notifier: MailNotifier? = nil) {
        self.scheduler = scheduler
        self.store = store
        self.clock = clock
        self.logger = logger
        self.notifier = notifier
    }

    func attach(_ dispatcher: OutboundDispatcher) {
        self.dispatcher = dispatcher
    }

    /// Hands an event to the core and waits for its reply, which comes only after the batch is committed.
    func perform(_ makeEvent: (RequestID) -> Event) async -> Reply {
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
        while !inbox.isEmpty {
            let batch = inbox
            inbox.removeAll(keepingCapacity: true)
            committed.withdraw()
            let effects = scheduler.handle(batch, at: clock.now())
            committing = true
            do {
                try await store.commit(effects.transitions)
            } catch {
                // Fail-stop: memory is ahead of disk, but nobody was told. A restart reloads the truth.
                logger.critical("state commit failed, stopping so a restart recovers from the database: \(error)")
                exit(75)
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

    private func deliver(_ outbound: [Outbound]) {
        for item in outbound {
            switch item {
            case let .reply(id, reply):
                waiting.removeValue(forKey: id.rawValue)?.resume(returning: reply)
            case let .launch(job, node):
                guard let job = scheduler.state.jobs[job] else { continue }
                dispatcher?.launch(job, on: node, nodes: scheduler.state.nodes)
            case let .kill(job, node, reason):
                dispatcher?.kill(job, on: node, reason: reason)
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
    func launch(_ job: Job, on node: String, nodes: [String: Node])
    func kill(_ job: JobID, on node: String, reason: String)
}
