import Testing
@testable import SchedulerCore

/// Interactive allocations (`aisubmit run`, `aisubmit alloc`): nothing of their own runs on their nodes, and they
/// end as their session ended.
@Suite struct InteractiveAllocationTests {
    static func running(interactive: Bool = true, nodes: Int = 2) -> (TestCluster, JobID) {
        var cluster = TestCluster()
        for n in 1...nodes { cluster.addNode("n\(n)") }
        var spec = JobSpec.make(argv: ["bash"], cpus: 2, nodes: nodes)
        spec.interactive = interactive ? true : nil
        let id = cluster.submit(spec)
        cluster.confirmLaunch(id)
        return (cluster, id)
    }

    static func end(_ cluster: inout TestCluster, _ id: JobID, code: Int32, by principal: Principal = .user("alice")) -> JobActionOutcome? {
        guard case .jobActions(let outcomes) = cluster.ask({ .allocationEnded(id, exitCode: code, by: principal, request: $0) }) else {
            return nil
        }
        return outcomes.first
    }

    @Test func noPartRunsACommandOfItsOwn() {
        let (cluster, id) = Self.running()
        let job = cluster.job(id)
        #expect(job.state == .running)
        #expect((0..<2).allSatisfy { !job.runsCommand(onRank: $0) })
    }

    @Test(arguments: [(Int32(0), JobState.completed), (3, .failed)])
    func theSessionsExitCodeDecidesTheEnd(code: Int32, state: JobState) {
        var (cluster, id) = Self.running()
        #expect(Self.end(&cluster, id, code: code)?.rejection == nil)
        #expect(cluster.job(id).state == state)
        #expect(cluster.job(id).exitCode == code)
        #expect(cluster.kills(of: id).count == 2, "both parts are released")
    }

    @Test func aBatchJobIsNotEndedThisWay() {
        var (cluster, id) = Self.running(interactive: false)
        #expect(Self.end(&cluster, id, code: 0)?.rejection?.code == .conflict)
        #expect(cluster.job(id).state == .running)
    }

    @Test func onlyItsOwnerEndsIt() {
        var (cluster, id) = Self.running()
        #expect(Self.end(&cluster, id, code: 0, by: .user("mallory"))?.rejection != nil)
        #expect(cluster.job(id).state == .running)
    }

    @Test func oneStillWaitingIsCancelled() {
        var cluster = TestCluster()
        var spec = JobSpec.make(argv: [], cpus: 2)
        spec.interactive = true
        let id = cluster.submit(spec)
        #expect(Self.end(&cluster, id, code: 0)?.rejection == nil)
        #expect(cluster.job(id).state == .cancelled)
    }

    @Test func aBatchBodyRunsOnceAndACommandOnEveryNode() {
        var spec = JobSpec.make(script: "#!/bin/sh\nsrun hostname\n", nodes: 2)
        let job = Job(id: JobID(1), spec: spec, submitTime: Instant(milliseconds: 0), stdoutPath: "", stderrPath: "")
        #expect(job.runsCommand(onRank: 0) && !job.runsCommand(onRank: 1))
        spec.script = nil
        let command = Job(id: JobID(2), spec: spec, submitTime: Instant(milliseconds: 0), stdoutPath: "", stderrPath: "")
        #expect(command.runsCommand(onRank: 0) && command.runsCommand(onRank: 1))
    }
}
