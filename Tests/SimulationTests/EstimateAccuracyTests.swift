import Testing
import SchedulerCore
@testable import Simulation

/// Start estimates, checked against the replay by hand, on one 2-GPU node under `fifo-backfill`:
///
///     job  submit  duration  walltime  GPUs   reserved at  estimate  start  start − estimate
///     1    0       100       W         1      -            -         0
///     2    1       50        50        2      1            W         100    100 − W
///     3    2       10        10        1      -            -         2      (backfilled)
///
/// With W = 100 (exact) the estimate holds to the second; with W = 300 job 1 ends 200 s before its limit and
/// job 2 starts 200 s early.
@Suite struct EstimateAccuracyTests {
    static func accuracy(walltime: Int) throws -> EstimateAccuracy {
        let trace = """
            submit,duration,walltime,gpus,cpus,memory,nodes,user,project
            0,100,\(walltime),1,1,,1,alice,a
            1,50,50,2,1,,1,alice,a
            2,10,10,1,1,,1,bob,b
            """
        let jobs = try CSVTraceReader().read(trace).jobs
        let cluster = ClusterSpec(groups: [.init(count: 1, prefix: "n", topology: NodeShape(cpus: 4, memoryMB: 16_384, gpus: 2).topology)])
        let result = try Simulation(jobs: jobs, map: .equalShares, cluster: cluster, settings: SchedulerSettings())
            .replay(.fifoBackfill)
        let reserved = result.outcomes.filter { $0.firstEstimate != nil }.map(\.index)
        #expect(reserved == [1], "only the wide job waits for a reservation")
        return SimulationMetrics(result).estimates
    }

    @Test func exactWalltimesHoldTheEstimate() throws {
        let a = try Self.accuracy(walltime: 100)
        #expect(a.estimated == 1)
        #expect(a.held == 1)
        #expect(a.heldWithinTolerance == 1)
        #expect(a.error.max == 0)
        #expect(a.lateness.count == 0)
    }

    @Test func longerWalltimesStartJobsEarly() throws {
        let a = try Self.accuracy(walltime: 300)
        #expect(a.estimated == 1)
        #expect(a.held == 1)
        #expect(a.error.mean == -200)
    }

    @Test func lateStartsAreCounted() {
        func outcome(_ start: Int64, estimate: Int64?) -> JobOutcome {
            JobOutcome(index: 0, project: "a", submit: .zero, firstStart: Instant(milliseconds: start * 1000),
                       firstEstimate: estimate.map { Instant(milliseconds: $0 * 1000) }, lastStart: nil, end: nil,
                       state: .running, gpus: 1, cpus: 1)
        }
        let a = EstimateAccuracy([outcome(100, estimate: 100), outcome(130, estimate: 100),
                                  outcome(400, estimate: 100), outcome(50, estimate: nil)])
        #expect(a.estimated == 3)
        #expect(a.held == 1.0 / 3)
        #expect(a.heldWithinTolerance == 2.0 / 3)
        #expect(a.lateness.count == 2)
        #expect(a.lateness.max == 300)
    }
}
