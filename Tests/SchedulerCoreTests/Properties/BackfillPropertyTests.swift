import Testing
@testable import SchedulerCore

/// Properties of reservations and backfill over random clusters and queues, with every job running exactly its
/// time limit (so the planner's view of the future is the truth).
@Suite("Backfill properties")
struct BackfillPropertyTests {
    static let seeds: [UInt64] = Array(1...200)

    /// Backfill never delays the top reserved job: it starts no later than it would if nothing could pass it
    /// (strict priority order).
    @Test(arguments: seeds)
    func backfillNeverDelaysTheTopReservedJob(seed: UInt64) {
        let (nodes, jobs) = Self.workload(seed: seed)
        var backfill = WalltimeReplay(nodes: nodes, jobs: jobs, mode: .reservations)
        var strict = WalltimeReplay(nodes: nodes, jobs: jobs, mode: .none)
        let finished = backfill.run() && strict.run()
        #expect(finished, "seed \(seed): replay did not finish")
        let reserved = Set(backfill.firstPlan.map(\.job))
        guard let top = backfill.firstOrder.first(where: reserved.contains) else { return }
        guard let withBackfill = backfill.starts[top], let withoutBackfill = strict.starts[top] else {
            Issue.record("seed \(seed): job \(top) never started")
            return
        }
        #expect(withBackfill <= withoutBackfill, "seed \(seed): job \(top)")
    }

    /// Start estimates hold: with exact walltimes the top reserved job always starts by its estimate, and other
    /// reserved jobs do in all but rare cases (a re-plan may move a job ahead of them to other resources with the
    /// same start; it keeps its promised resources whenever they are still free, which is almost always).
    @Test func reservedJobsStartByTheirEstimate() {
        var reservations = 0
        var late: [String] = []
        for seed in Self.seeds {
            let (nodes, jobs) = Self.workload(seed: seed)
            var replay = WalltimeReplay(nodes: nodes, jobs: jobs, mode: .reservations)
            let finished = replay.run()
            #expect(finished, "seed \(seed): replay did not finish")
            let reserved = Set(replay.firstPlan.map(\.job))
            let top = replay.firstOrder.first(where: reserved.contains)
            for reservation in replay.firstPlan {
                reservations += 1
                guard let started = replay.starts[reservation.job] else {
                    Issue.record("seed \(seed): reserved job \(reservation.job) never started")
                    continue
                }
                #expect(reservation.job != top || started <= reservation.start, "seed \(seed): top job")
                if started > reservation.start { late.append("seed \(seed) job \(reservation.job)") }
            }
        }
        #expect(reservations > 200)
        #expect(late.count * 100 <= reservations, "late: \(late)")
    }

    /// After the cycle that handled the submissions, every pending job says why it waits, in Slurm's words.
    @Test(arguments: seeds)
    func everyPendingJobHasAReason(seed: UInt64) {
        let (nodes, jobs) = Self.workload(seed: seed)
        let replay = WalltimeReplay(nodes: nodes, jobs: jobs, mode: .reservations)
        let reasons = Set(PendingReason.allCases.map(\.rawValue))
        for id in replay.scheduler.state.pendingIDs {
            #expect(reasons.contains(replay.scheduler.state.jobs[id]?.reason ?? ""), "seed \(seed): job \(id)")
        }
    }

    static func workload(seed: UInt64) -> ([NodeInventory], [JobSpec]) {
        var random = SplitMix64(seed: seed)
        let nodeCount = Int.random(in: 1...4, using: &random)
        let nodes = (0..<nodeCount).map { index in
            NodeInventory.make("n\(index)", cpus: [4, 8, 16].randomElement(using: &random)!,
                               gpus: [0, 4, 8].randomElement(using: &random)!)
        }
        let maxGPUs = nodes.map(\.gpuIndices.count).max() ?? 0
        let jobs = (0..<Int.random(in: 5...16, using: &random)).map { _ in
            JobSpec.make(cpus: Int.random(in: 1...8, using: &random),
                         gpus: maxGPUs > 0 && Bool.random(using: &random) ? Int.random(in: 1...4, using: &random) : 0,
                         nodes: nodeCount > 1 && Int.random(in: 0..<5, using: &random) == 0 ? 2 : 1,
                         timeLimit: .minutes(Int64.random(in: 5...120, using: &random)))
        }
        return (nodes, jobs)
    }
}
