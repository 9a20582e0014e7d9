import Testing
import SchedulerCore
@testable import Simulation

/// The policies are core settings, so a blocked wide job must hold a short narrow one back under `fifo` and let it
/// through under `fifo-backfill`.
///
///     job  submit  duration  GPUs   fifo: start   backfill: start
///     1    0       100       1      0             0
///     2    1       50        2      100           100 (reserved)
///     3    2       10        1      150           2 (ends at 12, before the reservation)
@Suite struct PolicyTests {
    static let trace = """
        submit,duration,walltime,gpus,cpus,memory,nodes,user,project
        0,100,100,1,1,,1,alice,a
        1,50,50,2,1,,1,alice,a
        2,10,10,1,1,,1,bob,b
        """

    static func waits(_ policy: SimulationPolicy) throws -> [Double] {
        let jobs = try CSVTraceReader().read(trace).jobs
        let cluster = ClusterSpec(groups: [.init(count: 1, prefix: "n", topology: NodeShape(cpus: 4, memoryMB: 16_384, gpus: 2).topology)])
        let result = try Simulation(jobs: jobs, map: .equalShares, cluster: cluster, settings: SchedulerSettings()).replay(policy)
        return result.outcomes.sorted { $0.index < $1.index }.map { SimulationMetrics.seconds($0.queueingDelay) }
    }

    @Test func fifoBlocksBehindTheWideJob() throws {
        #expect(try Self.waits(.fifo) == [0, 99, 148])
    }

    @Test func backfillLetsTheShortJobThrough() throws {
        #expect(try Self.waits(.fifoBackfill) == [0, 99, 0])
    }

    @Test func fifoOrdersByAgeOnly() {
        let settings = SimulationPolicy.fifo.settings(from: SchedulerSettings())
        #expect(settings.accounting.priorityWeights == PriorityWeights(fairShare: 0, age: 1, size: 0, qos: 0))
        #expect(settings.backfill.mode == .none)
        #expect(SimulationPolicy.fairshare.settings(from: SchedulerSettings()).accounting.priorityWeights == PriorityWeights())
    }
}
