import Testing
@testable import SchedulerCore

/// A job array is one unit, as in Slurm: its id names every task for cancel, hold, release and dependencies;
/// `ID_N` names one task.
@Suite struct ArrayUnitTests {
    static func arrayCluster() -> (TestCluster, [JobID]) {
        var cluster = TestCluster()
        var spec = JobSpec.make(cpus: 1)
        spec.array = "0-6:2"          // tasks 0, 2, 4, 6
        let first = cluster.submit(spec)
        let ids = cluster.state.tasks(ofArray: first)
        return (cluster, ids)
    }

    @Test func selectorsParseLikeSlurm() {
        #expect(JobSelector("42") == .job(JobID(42)))
        #expect(JobSelector("42_3") == .arrayTask(JobID(42), 3))
        for bad in ["", "0", "x", "42_", "_3", "42_3_1", "-1", "42_x"] { #expect(JobSelector(bad) == nil, "\(bad)") }
        #expect(JobSelector("42_3")?.description == "42_3")
    }

    @Test func theArraysIdNamesEveryTaskAndIdNOneTask() {
        let (cluster, ids) = Self.arrayCluster()
        #expect(ids.count == 4)
        #expect(cluster.state.jobs(selectedBy: .job(ids[0])) == ids)
        #expect(cluster.state.jobs(selectedBy: .arrayTask(ids[0], 4)) == [ids[2]])
        #expect(cluster.state.jobs(selectedBy: .arrayTask(ids[0], 3)).isEmpty, "task 3 is not in 0-6:2")
        #expect(cluster.state.jobs(selectedBy: .job(ids[1])) == [ids[1]], "a task's own id names that task")
    }

    @Test func cancellingTheArrayCancelsEveryTaskStillAlive() {
        var (cluster, ids) = Self.arrayCluster()
        #expect(cluster.cancel(selecting: "\(ids[1])").allSatisfy { $0.rejection == nil })
        let outcomes = cluster.cancel(selecting: "\(ids[0])")
        #expect(outcomes.map(\.jobID) == [ids[0], ids[2], ids[3]], "the task already cancelled is skipped")
        #expect(outcomes.allSatisfy { $0.rejection == nil })
        #expect(ids.allSatisfy { cluster.job($0).state == .cancelled })
        let again = cluster.cancel(selecting: "\(ids[0])")
        #expect(again.count == 1 && again[0].rejection != nil, "an array with nothing left says so")
    }

    @Test func oneTaskByName() {
        var (cluster, ids) = Self.arrayCluster()
        let outcomes = cluster.hold(selecting: "\(ids[0])_2")
        #expect(outcomes.map(\.jobID) == [ids[1]])
        #expect(cluster.job(ids[1]).held)
        #expect(!cluster.job(ids[0]).held && !cluster.job(ids[2]).held)
        #expect(cluster.cancel(selecting: "\(ids[0])_5").first?.rejection?.code == .notFound)
    }

    @Test func aDependencyOnTheArrayWaitsForEveryTask() throws {
        var (cluster, ids) = Self.arrayCluster()
        var after = JobSpec.make()
        after.dependency = "afterok:\(ids[0])"
        let dependent = cluster.submit(after)
        #expect(cluster.job(dependent).dependency?.conditions.first?.jobs == ids)
        var one = JobSpec.make()
        one.dependency = "afterany:\(ids[0])_6"
        let onTask = cluster.submit(one)
        #expect(cluster.job(onTask).dependency?.conditions.first?.jobs == [ids[3]])
        var missing = JobSpec.make()
        missing.dependency = "afterok:\(ids[0])_1"
        guard case .failure(let rejection) = cluster.trySubmit(missing) else {
            Issue.record("a dependency on a task that does not exist was accepted")
            return
        }
        #expect(rejection.message.contains("no job \(ids[0])_1"))
    }
}
