import Testing
@testable import SchedulerCore

/// The incremental cycle's oracle: it looks only at jobs that are new, released or conditional and at jobs
/// whose shape fits a node freed since the last cycle, on the claim that nothing else can have become
/// startable (docs/BACKFILL.md §Incremental cycles). If that pruning is sound, a twin scheduler that marks
/// every pending job and every node dirty before the same batch (so its cycle walks every job with the same
/// queue order and reservations) starts exactly the same jobs on exactly the same resources.
@Suite("Incremental cycle oracle")
struct IncrementalCycleOracleTests {
    static let seeds: [UInt64] = Array(101...148)

    @Test(arguments: seeds)
    func incrementalCycleStartsWhatAnAllDirtyCycleStarts(seed: UInt64) {
        var run = RandomRun(seed: seed, checked: false)
        var compared = 0
        var startsCompared = 0
        for index in 0..<RandomRun.steps {
            let before = run.cluster.scheduler
            let at = run.cluster.now
            _ = run.step(index)
            let live = run.cluster.lastEffects
            guard live.cycle == .incremental else { continue }
            var everythingDirty = before
            everythingDirty.plan.changes.dirtyJobs = Set(before.state.pendingIDs)
            everythingDirty.plan.changes.dirtyNodes = Set(before.state.nodes.keys)
            var twin = TestCluster(scheduler: everythingDirty, now: at)
            twin.setClock(run.cluster.now)
            let oracle = twin.handle(run.cluster.handledEvents.last ?? [])
            compared += 1
            startsCompared += live.launches.count
            let liveStarts = Self.starts(live, run.cluster.state)
            let oracleStarts = Self.starts(oracle, twin.state)
            if liveStarts != oracleStarts {
                Issue.record("""
                    seed \(seed) step \(index): the incremental cycle started \(liveStarts), \
                    a cycle with everything dirty \(oracleStarts)
                    """)
                return
            }
        }
        // The comparison really happened, and on cycles that started jobs.
        #expect(compared > 20, "seed \(seed): only \(compared) incremental cycles")
        #expect(startsCompared > 0, "seed \(seed): no incremental cycle started a job")
    }

    /// Each job the batch started, with the allocation it got.
    static func starts(_ fx: Effects, _ state: ClusterState) -> [String] {
        Set(fx.launches.map(\.job)).sorted().map { id in
            let parts = state.jobs[id]?.allocation?.nodes.map { part in
                "\(part.node)[cpus \(part.cpus) gpus \(part.gpus) mem \(part.memoryMB)]"
            } ?? []
            return "\(id) on \(parts.joined(separator: " "))"
        }
    }
}
