import Testing
@testable import SchedulerCore

@Suite("Job dependencies")
struct DependencyTests {
    private func spec(_ dependency: String, name: String = "", user: String = "alice", cpus: Int = 1) -> JobSpec {
        var spec = JobSpec.make(user: user, name: name, cpus: cpus)
        spec.dependency = dependency
        return spec
    }

    /// Runs `id` to its end on cpu-01 with the given exit code.
    private func finish(_ id: JobID, code: Int32 = 0, in cluster: inout TestCluster) {
        cluster.confirmLaunch(id)
        cluster.exit(id, on: "cpu-01", code: code)
    }

    @Test func afterokWaitsForSuccessThenStarts() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01", cpus: 8)
        let first = cluster.submit()
        let second = cluster.submit(spec("afterok:\(first)"))
        #expect(cluster.job(first).state == .running)
        #expect(cluster.job(second).state == .pending)
        #expect(cluster.job(second).reason == PendingReason.dependency.rawValue)
        #expect(cluster.job(second).dependency == Dependency(conditions: [.init(kind: .afterok, jobs: [first])]))
        finish(first, in: &cluster)
        #expect(cluster.job(second).state == .running)
    }

    @Test func afterokOnAFailedJobIsNeverSatisfiedAndStaysPendingUntilCancelled() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01", cpus: 8)
        let first = cluster.submit()
        let second = cluster.submit(spec("afterok:\(first)"))
        finish(first, code: 1, in: &cluster)
        #expect(cluster.job(first).state == .failed)
        #expect(cluster.job(second).state == .pending)
        #expect(cluster.job(second).reason == PendingReason.dependencyNeverSatisfied.rawValue)
        #expect(cluster.launches(of: second).isEmpty)
        #expect(cluster.cancel(second) == [JobActionOutcome(jobID: second)])
        #expect(cluster.job(second).state == .cancelled)
    }

    @Test func afterokOnACancelledPendingJobIsNeverSatisfied() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01", cpus: 1)
        let blocker = cluster.submit()
        let first = cluster.submit()
        let second = cluster.submit(spec("afterok:\(first)"))
        _ = cluster.cancel(first)
        #expect(cluster.job(second).reason == PendingReason.dependencyNeverSatisfied.rawValue)
        finish(blocker, in: &cluster)
        #expect(cluster.job(second).state == .pending)
    }

    @Test func afteranyStartsWhateverTheOutcome() {
        for code: Int32 in [0, 3] {
            var cluster = TestCluster()
            cluster.addNode("cpu-01", cpus: 8)
            let first = cluster.submit()
            let second = cluster.submit(spec("afterany:\(first)"))
            #expect(cluster.job(second).reason == PendingReason.dependency.rawValue)
            finish(first, code: code, in: &cluster)
            #expect(cluster.job(second).state == .running, "exit code \(code)")
        }
    }

    @Test func afternotokStartsOnFailureAndIsNeverSatisfiedOnSuccess() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01", cpus: 8)
        let bad = cluster.submit()
        let good = cluster.submit()
        let onBad = cluster.submit(spec("afternotok:\(bad)"))
        let onGood = cluster.submit(spec("afternotok:\(good)"))
        #expect(cluster.job(onBad).reason == PendingReason.dependency.rawValue)
        finish(bad, code: 2, in: &cluster)
        finish(good, code: 0, in: &cluster)
        #expect(cluster.job(onBad).state == .running)
        #expect(cluster.job(onGood).state == .pending)
        #expect(cluster.job(onGood).reason == PendingReason.dependencyNeverSatisfied.rawValue)
    }

    @Test func severalConditionsMustAllHold() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01", cpus: 8)
        let a = cluster.submit()
        let b = cluster.submit()
        let c = cluster.submit()
        let waiter = cluster.submit(spec("afterok:\(a):\(b),afterany:\(c)"))
        #expect(cluster.job(waiter).spec.dependency == "afterok:\(a):\(b),afterany:\(c)")
        finish(a, in: &cluster)
        finish(c, code: 9, in: &cluster)
        #expect(cluster.job(waiter).reason == PendingReason.dependency.rawValue)
        finish(b, in: &cluster)
        #expect(cluster.job(waiter).state == .running)
    }

    @Test func aWaitingJobDoesNotBlockTheQueue() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01", cpus: 4)
        let first = cluster.submit(cpus: 2)
        let waiter = cluster.submit(spec("afterok:\(first)", cpus: 2))
        let other = cluster.submit(cpus: 2)
        #expect(cluster.job(waiter).reason == PendingReason.dependency.rawValue)
        #expect(cluster.job(other).state == .running)
    }

    @Test func singletonRunsOneJobPerUserAndNameAtATime() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01", cpus: 8)
        let one = cluster.submit(spec("singleton", name: "sweep"))
        let two = cluster.submit(spec("singleton", name: "sweep"))
        let three = cluster.submit(spec("singleton", name: "sweep"))
        let otherName = cluster.submit(spec("singleton", name: "eval"))
        let otherUser = cluster.submit(spec("singleton", name: "sweep", user: "bob"))
        #expect(cluster.job(one).state == .running)
        #expect(cluster.job(two).reason == PendingReason.dependency.rawValue)
        #expect(cluster.job(three).reason == PendingReason.dependency.rawValue)
        #expect(cluster.job(otherName).state == .running)
        #expect(cluster.job(otherUser).state == .running)
        finish(one, code: 1, in: &cluster)
        #expect(cluster.job(two).state == .running)
        #expect(cluster.job(three).state == .pending)
        finish(two, in: &cluster)
        #expect(cluster.job(three).state == .running)
    }

    @Test func aRejectedDependencyStoresNothing() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01", cpus: 8)
        let before = cluster.state.nextJobID
        let result = cluster.trySubmit(spec("afterok:999"))
        guard case .failure(let rejection) = result else {
            Issue.record("accepted a dependency on a job that does not exist")
            return
        }
        #expect(rejection.code == .invalidRequest)
        #expect(rejection.message.contains("no job 999"))
        #expect(cluster.state.jobs.isEmpty)
        #expect(cluster.state.nextJobID == before)
    }

    @Test(arguments: [
        ("afterok", "needs at least one job id"),
        ("afterok:", "is not a job id"),
        ("afterok:abc", "is not a job id"),
        ("afterok:0", "is not a job id"),
        ("afterok:-1", "is not a job id"),
        ("afterok:1:404", "no job 404"),
        ("after:1", "unknown kind"),
        ("afterburn:1", "unknown kind"),
        ("singleton:1", "singleton takes no job ids"),
        ("afterok:1,,afterany:1", "empty condition"),
        ("afterok:1?afterany:1", "is not a job id"),
        ("afterok:1_", "is not a job id"),
        ("afterok:1_2_3", "is not a job id"),
        ("afterok:5_1", "no job 5_1"),
    ])
    func parserErrors(text: String, expected: String) {
        let result = Dependency.parse(text, resolve: { $0 == .job(JobID(1)) ? [JobID(1)] : [] })
        guard case .failure(let rejection) = result else {
            Issue.record("\"\(text)\" was accepted")
            return
        }
        #expect(rejection.code == .invalidRequest)
        #expect(rejection.message.contains(expected), "\(rejection.message)")
    }

    @Test func parserAcceptsSlurmForms() throws {
        let exists: (JobSelector) -> [JobID] = { [$0.anchor] }
        #expect(try Dependency.parse("", resolve: exists).get() == nil)
        let parsed = try #require(try Dependency.parse("afterok:12:13,afterany:14,singleton", resolve: exists).get())
        #expect(parsed.conditions == [.init(kind: .afterok, jobs: [JobID(12), JobID(13)]),
                                      .init(kind: .afterany, jobs: [JobID(14)])])
        #expect(parsed.singleton)
        #expect(parsed.description == "afterok:12:13,afterany:14,singleton")
        #expect(try Dependency.parse("AfterNotOK:15", resolve: exists).get()?.description == "afternotok:15")
        #expect(try Dependency.parse("singleton", resolve: exists).get()?.description == "singleton")
    }
}
