import Testing
import SchedulerCore
@testable import Simulation

/// A four-job trace on one 2-GPU node whose every figure is worked out by hand below.
///
///     job  submit  duration  GPUs  project   start  end   wait  JCT   bounded slowdown
///     1    0       100       2     a         0      100   0     100   max(1, 100/100) = 1
///     2    10      50        1     a         100    150   90    140   140/50 = 2.8
///     3    20      30        1     b         100    130   80    110   110/30 = 3.667
///     4    200     5         2     b         200    205   0     5     max(1, 5/max(5, 10)) = 1
@Suite struct HandComputedTraceTests {
    static let trace = """
        submit,duration,walltime,gpus,cpus,memory,nodes,user,project
        0,100,,2,4,,1,alice,a
        10,50,,1,1,,1,alice,a
        20,30,,1,1,,1,bob,b
        200,5,,2,1,,1,bob,b
        """

    static func metrics(_ policy: SimulationPolicy, window: UtilisationWindow) throws -> SimulationMetrics {
        let jobs = try CSVTraceReader().read(trace).jobs
        let cluster = ClusterSpec(groups: [.init(count: 1, prefix: "n", topology: NodeShape(cpus: 8, memoryMB: 65_536, gpus: 2).topology)])
        let simulation = try Simulation(jobs: jobs, map: .equalShares, cluster: cluster, settings: SchedulerSettings())
        return SimulationMetrics(simulation.replay(policy), window: window)
    }

    @Test func waitsAndCompletionTimes() throws {
        let m = try Self.metrics(.fifo, window: .whole)
        #expect(m.finished == 4)
        #expect(m.queueingDelay.mean == 42.5)          // (0 + 90 + 80 + 0) / 4
        #expect(m.queueingDelay.median == 0)           // nearest rank: 2nd of [0, 0, 80, 90]
        #expect(m.queueingDelay.p95 == 90)
        #expect(m.completionTime.mean == 88.75)        // (100 + 140 + 110 + 5) / 4
        #expect(m.completionTime.median == 100)        // 2nd of [5, 100, 110, 140]
        #expect(m.completionTime.p99 == 140)
        #expect(m.makespan == 205)
        #expect(m.waitingOver24h == 0)
    }

    @Test func boundedSlowdown() throws {
        let m = try Self.metrics(.fifo, window: .whole)
        let expected = (1 + 2.8 + 110.0 / 30 + 1) / 4
        #expect(abs(m.boundedSlowdown.mean - expected) < 1e-12)
        #expect(m.boundedSlowdown.max == 110.0 / 30)
    }

    @Test func utilisationOverBothWindows() throws {
        // GPU-seconds: 2·100 + 1·50 + 1·30 + 2·5 = 290 over 2 GPUs × 205 s.
        let whole = try Self.metrics(.fifo, window: .whole)
        #expect(abs(whole.gpuUtilisation! - 290.0 / 410) < 1e-12)
        // Steady window = [p10, p90] of submits = [0, 200]: job 4 falls outside, 280 GPU-seconds over 400.
        let steady = try Self.metrics(.fifo, window: .steady)
        #expect(steady.windowStart == 0 && steady.windowEnd == 200)
        #expect(abs(steady.gpuUtilisation! - 0.7) < 1e-12)
    }

    @Test func shareAttainmentAndJain() throws {
        let m = try Self.metrics(.fifo, window: .whole)
        // a received 250 of 290 GPU-seconds, b 40; each is entitled to half.
        let a = try #require(m.projects.first { $0.name == "a" })
        let b = try #require(m.projects.first { $0.name == "b" })
        #expect(abs(a.attainment - 50.0 / 29) < 1e-12)
        #expect(abs(b.attainment - 8.0 / 29) < 1e-12)
        #expect(abs(m.jainIndex - 3364.0 / 5128) < 1e-12)  // (Σx)² / (n Σx²) with x = 50/29, 8/29
    }
}
