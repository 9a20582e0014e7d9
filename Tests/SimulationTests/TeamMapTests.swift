import Testing
import SchedulerCore
@testable import Simulation

@Suite struct TeamMapTests {
    static let jobs = [
        TraceJob(line: 2, submit: .zero, duration: .seconds(100), gpusPerNode: 1, team: "a"),
        TraceJob(line: 3, submit: .zero, duration: .seconds(100), gpusPerNode: 1, team: "a"),
        TraceJob(line: 4, submit: .zero, duration: .seconds(100), gpusPerNode: 1, team: "z"),
    ]

    @Test func labelsBecomeProjectsWithTheirShares() throws {
        let map = TeamMap(scheme: "lab", teams: ["a": .init(project: "alpha", shares: 3)])
        let accounts = try TraceAccounts.build(for: Self.jobs, map: map)
        #expect(accounts.registry.projects.keys.sorted() == ["alpha", "z"])
        #expect(accounts.registry.projects["alpha"]?.members == ["u-a"])
        #expect(accounts.effectiveShares == ["alpha": 0.75, "z": 0.25])
    }

    @Test func droppedLabelsAreNotReplayed() throws {
        let map = TeamMap(unmapped: .drop, teams: ["a": .init()])
        let accounts = try TraceAccounts.build(for: Self.jobs, map: map)
        #expect(accounts.submitters.map { $0?.project } == ["a", "a", nil])
    }

    /// Team a is confined to its node (model "T4 vca"); its second job waits although the other node is free.
    @Test func aTeamGPUModelConfinesItToItsNodes() throws {
        let map = TeamMap(teams: ["a": .init(gpuModel: "vca"), "z": .init(gpuModel: "vcz")])
        let cluster = ClusterSpec(groups: [
            .init(count: 1, prefix: "a", topology: NodeShape(cpus: 2, memoryMB: 8192, gpus: 1, gpuModel: "T4 vca").topology),
            .init(count: 1, prefix: "z", topology: NodeShape(cpus: 2, memoryMB: 8192, gpus: 2, gpuModel: "T4 vcz").topology),
        ])
        let result = try Simulation(jobs: Self.jobs, map: map, cluster: cluster, settings: SchedulerSettings()).replay(.fifo)
        let waits = result.outcomes.sorted { $0.index < $1.index }.map { SimulationMetrics.seconds($0.queueingDelay) }
        #expect(waits == [0, 100, 0])
    }
}
