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

    static let confined = TeamMap(teams: ["a": .init(gpuModel: "vca"), "z": .init(gpuModel: "vcz")])
    static let cluster = ClusterSpec(groups: [
        .init(count: 1, prefix: "a", topology: NodeShape(cpus: 2, memoryMB: 8192, gpus: 1, gpuModel: "T4 vca").topology),
        .init(count: 1, prefix: "z", topology: NodeShape(cpus: 2, memoryMB: 8192, gpus: 2, gpuModel: "T4 vcz").topology),
    ])

    static func waits(_ result: ReplayResult) -> [Double] {
        result.outcomes.sorted { $0.index < $1.index }.map { SimulationMetrics.seconds($0.queueingDelay) }
    }

    /// Team a is confined to its 1-GPU node: its second job waits although node z has a free GPU, and in one shared
    /// strict FIFO that waiting job also holds back team z's job, submitted after it.
    @Test func aTeamGPUModelConfinesItToItsNodes() throws {
        let simulation = try Simulation(jobs: Self.jobs, map: Self.confined, cluster: Self.cluster, settings: SchedulerSettings())
        #expect(Self.waits(simulation.replay(.fifo)) == [0, 100, 100])
        #expect(Self.waits(simulation.replay(.fifoBackfill)) == [0, 100, 0])
    }

    /// Isolated, each team has a FIFO of its own, as in the Helios simulator.
    @Test func isolatedTeamsHaveQueuesOfTheirOwn() throws {
        let simulation = try Simulation(jobs: Self.jobs, map: Self.confined, cluster: Self.cluster, settings: SchedulerSettings())
        let result = try simulation.replayIsolated(.fifo)
        #expect(Self.waits(result) == [0, 100, 0])
        #expect(result.outcomes.map(\.index) == [0, 1, 2])
        #expect(result.totalGPUs == 3)
    }

    @Test func isolationNeedsAModelPerTeam() throws {
        let simulation = try Simulation(jobs: Self.jobs, map: .equalShares, cluster: Self.cluster, settings: SchedulerSettings())
        #expect(throws: TraceError.badFile(reason: "isolating project a needs a gpuModel in the team map naming its nodes")) {
            try simulation.replayIsolated(.fifo)
        }
    }
}
