import Testing
import SchedulerCore
@testable import Simulation

@Suite struct DeterminismTests {
    static let arrivals = """
        vc,job_idx,arrival_time_s,num_gpus
        a1,0,0.0,8
        a1,1,30.0,16
        b2,0,10.0,1
        b2,1,40.0,4
        b2,2,45.0,8
        c3,0,50.0,2
        """
    static let runtimes = PhillyRuntimeDistribution(seconds: [30, 120, 600, 1800, 7200, 20, 90])

    static func json(seed: UInt64) throws -> String {
        let jobs = try PhillyReader(runtimes: runtimes, seed: seed).read(arrivals).jobs
        let cluster = ClusterSpec(groups: [.init(count: 2, prefix: "p", topology: NodeShape(cpus: 96, memoryMB: 524_288, gpus: 8).topology)])
        let simulation = try Simulation(jobs: jobs, map: .equalShares, cluster: cluster, settings: SchedulerSettings())
        return MetricsJSON.render(SimulationPolicy.allCases.map { SimulationMetrics(simulation.replay($0)) })
    }

    @Test func sameSeedGivesTheSameBytes() throws {
        #expect(try Self.json(seed: 42) == Self.json(seed: 42))
    }

    @Test func anotherSeedDrawsOtherDurations() throws {
        let a = try PhillyReader(runtimes: Self.runtimes, seed: 1).read(Self.arrivals).jobs.map(\.duration)
        let b = try PhillyReader(runtimes: Self.runtimes, seed: 2).read(Self.arrivals).jobs.map(\.duration)
        #expect(a != b)
        #expect(try Self.json(seed: 1) != Self.json(seed: 2))
    }
}
