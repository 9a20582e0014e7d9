import SchedulerCore

/// Builds a scheduler holding many jobs, through the core's public events only.
struct MemoryWorkload {
    enum Kind: String, CaseIterable {
        /// Every job submitted held: PENDING, one history entry, no allocation.
        case held
        /// Every job placed, run and ended COMPLETED: an allocation and three history entries each.
        case completed
    }

    var kind: Kind
    var jobs: Int
    var nodes: Int
    var scriptBytes: Int

    /// Submissions per `handle` call. Completed jobs go in rounds small enough to fit the centre at once.
    private var round: Int { kind == .held ? 1000 : 100 }

    func build() -> Scheduler {
        build(sink: { _ in })
    }

    /// Runs the workload; `sink` receives every batch of transitions (to commit them to a store).
    func build(sink: ([Transition]) throws -> Void) rethrows -> Scheduler {
        var now = Instant(milliseconds: 1_000_000)
        var scheduler = SyntheticCentre.scheduler(nodes: nodes, at: now)
        let mix = JobMix(scriptBytes: scriptBytes, hold: kind == .held)
        var running: [Event] = []
        var submitted = 0
        while submitted < jobs || (kind == .completed && !running.isEmpty) {
            let count = min(round, jobs - submitted)
            now = now + Span(milliseconds: 1000)
            var events = running
            events += count > 0 ? mix.submissions(count: count, firstIndex: submitted) : []
            let effects = scheduler.handle(events, at: now)
            try sink(effects.transitions)
            running = kind == .completed ? Self.exits(for: effects) : []
            submitted += count
        }
        return scheduler
    }

    /// A successful exit report from every node each launched job part runs on.
    static func exits(for effects: Effects) -> [Event] {
        effects.outbound.compactMap {
            guard case let .launch(id, node) = $0 else { return nil }
            return .jobExited(id, node: node, ExitReport(exitCode: 0), request: nil)
        }
    }
}
