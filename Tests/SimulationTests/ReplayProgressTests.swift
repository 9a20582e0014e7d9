import Testing
import SchedulerCore
@testable import Simulation

/// The replay's progress hook: what it reports, in which order, and that watching changes nothing.
@Suite struct ReplayProgressTests {
    /// 40 one-CPU jobs, a new one every 10 s, each running 25 s on two 1-CPU nodes: enough core calls for several
    /// reports, and a queue that builds up (three jobs overlap, two fit).
    static func simulation() throws -> Simulation {
        let rows = (0..<40).map { "\($0 * 10),25,,0,1,,1,u\($0 % 3),p\($0 % 2)" }
        let jobs = try CSVTraceReader().read((["submit,duration,walltime,gpus,cpus,memory,nodes,user,project"] + rows).joined(separator: "\n")).jobs
        let cluster = ClusterSpec(groups: [.init(count: 2, prefix: "n", topology: NodeShape(cpus: 1, memoryMB: 4096).topology)])
        return try Simulation(jobs: jobs, map: .equalShares, cluster: cluster, settings: SchedulerSettings())
    }

    @Test func reportsEveryStrideOfCoreCallsThenOnceFinished() throws {
        var reports: [ReplayProgress] = []
        let result = try Self.simulation().replay(.fifo) { reports.append($0) }
        let last = try #require(reports.last)
        #expect(reports.count >= 3)
        #expect(reports.dropLast().allSatisfy { !$0.finished && $0.coreCalls % Replay.progressStride == 0 })
        #expect(last.finished)
        #expect(last.coreCalls == result.handleCalls)
        #expect(last.submitted == 40 && last.total == 40)
        #expect(last.done == 40 && last.pending == 0 && last.running == 0)
        #expect(reports.dropLast().contains { $0.pending > 0 })
        for (a, b) in zip(reports, reports.dropFirst()) {
            #expect(a.coreCalls < b.coreCalls)
            #expect(a.now <= b.now)
            #expect(a.submitted <= b.submitted && a.done <= b.done)
        }
        #expect(reports.allSatisfy { $0.running <= 2 && $0.done >= 0 && $0.submitted <= $0.total })
    }

    @Test func watchingChangesNoDecision() throws {
        let simulation = try Self.simulation()
        for policy in SimulationPolicy.allCases {
            var calls = 0
            let watched = MetricsJSON.render([SimulationMetrics(simulation.replay(policy) { _ in calls += 1 })])
            #expect(calls > 0)
            #expect(watched == MetricsJSON.render([SimulationMetrics(simulation.replay(policy))]))
        }
    }

    @Test func anIsolatedReplayCountsOverAllItsProjects() throws {
        var simulation = try Self.simulation()
        simulation.cluster = ClusterSpec(groups: [
            .init(count: 1, prefix: "a", topology: NodeShape(cpus: 1, memoryMB: 4096, gpus: 1, gpuModel: "A100 p0").topology),
            .init(count: 1, prefix: "b", topology: NodeShape(cpus: 1, memoryMB: 4096, gpus: 1, gpuModel: "A100 p1").topology)])
        simulation.map = TeamMap(teams: ["p0": .init(project: "p0", gpuModel: "p0"), "p1": .init(project: "p1", gpuModel: "p1")])
        simulation.accounts = try TraceAccounts.build(for: simulation.jobs, map: simulation.map)
        var reports: [ReplayProgress] = []
        let result = try simulation.replayIsolated(.fifo) { reports.append($0) }
        #expect(reports.filter(\.finished).count == 1)
        #expect(reports.last?.finished == true)
        #expect(reports.last?.submitted == 40 && reports.last?.total == 40 && reports.last?.done == 40)
        #expect(reports.last?.coreCalls == result.handleCalls)
        for (a, b) in zip(reports, reports.dropFirst()) { #expect(a.submitted <= b.submitted && a.coreCalls < b.coreCalls) }
    }
}
