@testable import SchedulerCore

/// A minimal trace replay for properties of the plan: every job runs exactly its time limit, node agents
/// answer at once, and the clock jumps from one job end to the next. Pure, like the core it drives.
struct WalltimeReplay {
    private(set) var scheduler: Scheduler
    private(set) var now: Instant
    private(set) var starts: [JobID: Instant] = [:]
    /// Reservations as the cycle that handled the submissions left them.
    private(set) var firstPlan: [Reservation] = []
    /// Job ids in the queue order of that cycle.
    private(set) var firstOrder: [JobID] = []
    private var exits: [(at: Instant, job: JobID, node: String)] = []
    private var request: UInt64 = 0

    init(nodes: [NodeInventory], jobs: [JobSpec], mode: BackfillPolicy.Mode, start: Instant = TestCluster.epoch) {
        var settings = SchedulerSettings()
        settings.nodeTimeout = .minutes(10 * 365 * 24 * 60)  // heartbeats are not replayed
        settings.backfill = BackfillPolicy(mode: mode, reservationDepth: 16)
        scheduler = Scheduler(settings: settings)
        now = start
        let registrations = nodes.map { inventory -> Event in
            request += 1
            return .nodeRegistered(inventory, running: [], request: RequestID(request))
        }
        apply(scheduler.handle(registrations, at: now))
        let submissions = jobs.map { spec -> Event in
            request += 1
            return .jobSubmitted(spec, request: RequestID(request))
        }
        apply(scheduler.handle(submissions, at: now))
        firstPlan = scheduler.plan.reservations
        firstOrder = scheduler.plan.queue.entries.map(\.id)
    }

    /// Replays until no job ends any more; returns false if it had to stop (a job that never starts).
    mutating func run(maxSteps: Int = 10_000) -> Bool {
        var steps = 0
        while let next = exits.map(\.at).min(), steps < maxSteps {
            steps += 1
            now = next
            let due = exits.filter { $0.at == next }
            exits.removeAll { $0.at == next }
            var events = due.map { Event.jobExited($0.job, node: $0.node, ExitReport(exitCode: 0), request: nil) }
            events.append(.timerFired)
            apply(scheduler.handle(events, at: now))
        }
        return exits.isEmpty
    }

    private mutating func apply(_ fx: Effects) {
        for item in fx.outbound {
            guard case let .launch(id, node) = item, let job = scheduler.state.jobs[id] else { continue }
            starts[id] = starts[id] ?? now
            let limit = job.spec.request.timeLimit ?? .minutes(60)
            exits.append((now + limit, id, node))
        }
    }
}
