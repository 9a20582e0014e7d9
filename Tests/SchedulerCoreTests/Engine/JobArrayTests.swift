import Testing
@testable import SchedulerCore

@Suite("Job arrays")
struct JobArrayTests {
    private func spec(_ array: String, cpus: Int = 1, stdout: String = "", hold: Bool = false) -> JobSpec {
        var spec = JobSpec.make(cpus: cpus, stdout: stdout, hold: hold)
        spec.array = array
        return spec
    }

    @Test func anArrayIsOneJobPerTaskWithConsecutiveIds() {
        var cluster = TestCluster()
        let first = cluster.submit(spec("0-15:4", stdout: "out-%A_%a-%j.txt"))
        let ids = (0..<4).map { JobID(first.rawValue + UInt64($0)) }
        #expect(cluster.state.jobs.count == 4)
        #expect(ids.map { cluster.job($0).arrayJobID } == Array(repeating: first, count: 4))
        #expect(ids.map { cluster.job($0).arrayTaskID } == [0, 4, 8, 12])
        #expect(cluster.job(ids[2]).stdoutPath == "/home/alice/exp/out-\(first)_8-\(ids[2]).txt")
        #expect(ids.allSatisfy { cluster.job($0).spec.array == "0-15:4" })
    }

    @Test func aPlainJobHasNoArrayAndPercentAIsItsId() {
        var cluster = TestCluster()
        let id = cluster.submit(.make(stdout: "%A.%a.out"))
        #expect(cluster.job(id).arrayJobID == nil)
        #expect(cluster.job(id).arrayTaskID == nil)
        #expect(cluster.job(id).stdoutPath == "/home/alice/exp/\(id)..out")
    }

    @Test func theThrottleLetsOnlyNTasksRunAndTheRestStartAsOthersFinish() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01", cpus: 16)
        let first = cluster.submit(spec("0-5%2"))
        let ids = (0..<6).map { JobID(first.rawValue + UInt64($0)) }
        let other = cluster.submit()
        func running() -> [JobID] { ids.filter { cluster.job($0).state == .running } }

        #expect(running() == [ids[0], ids[1]])
        #expect(cluster.job(ids[2]).reason == PendingReason.arrayTaskLimit.rawValue)
        #expect(cluster.job(other).state == .running, "the throttle must not block other jobs")

        var finished: [JobID] = []
        while let next = running().first {
            cluster.confirmLaunch(next)
            cluster.exit(next, on: "cpu-01")
            finished.append(next)
            #expect(running().count <= 2)
        }
        #expect(finished == ids)
        #expect(ids.allSatisfy { cluster.job($0).state == .completed })
    }

    @Test func eachTaskIsCancelledOnItsOwn() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01", cpus: 1)
        let first = cluster.submit(spec("1,3,5"))
        let second = JobID(first.rawValue + 1)
        #expect(cluster.cancel(second) == [JobActionOutcome(jobID: second)])
        #expect(cluster.job(second).state == .cancelled)
        #expect(cluster.job(first).state == .running)
        #expect(cluster.job(JobID(first.rawValue + 2)).state == .pending)
    }

    @Test func heldArraysHoldEveryTask() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01", cpus: 4)
        let first = cluster.submit(spec("0-2", hold: true))
        #expect((0..<3).allSatisfy { cluster.job(JobID(first.rawValue + UInt64($0))).held })
        #expect(cluster.launches.isEmpty)
    }

    @Test func expansion() throws {
        #expect(try ArraySpec.parse("0-99%10").get() == ArraySpec(taskIDs: Array(0...99), throttle: 10))
        #expect(try ArraySpec.parse("1,3,5").get() == ArraySpec(taskIDs: [1, 3, 5]))
        #expect(try ArraySpec.parse("0-15:4").get() == ArraySpec(taskIDs: [0, 4, 8, 12]))
        #expect(try ArraySpec.parse("5,1-3,3").get() == ArraySpec(taskIDs: [1, 2, 3, 5]))
        #expect(try ArraySpec.parse("7").get() == ArraySpec(taskIDs: [7]))
        #expect(try ArraySpec.parse("0-9999").get().taskIDs.count == ArraySpec.maxTasks)
    }

    @Test(arguments: [
        ("", "no task ids"),
        ("%4", "no task ids"),
        ("0-9%0", "positive"),
        ("0-9%x", "positive"),
        ("5-1", "backwards"),
        ("a-b", "is not a task id"),
        ("1,,2", "is not a task id"),
        ("0-15:0", "bad step"),
        ("3:2", "a step needs a range"),
        ("-1", "is not a task id"),
        ("0-10000", "more than 10000 tasks"),
        ("0-2000000", "task ids go up to"),
    ])
    func parserErrors(text: String, expected: String) {
        guard case .failure(let rejection) = ArraySpec.parse(text) else {
            Issue.record("\"\(text)\" was accepted")
            return
        }
        #expect(rejection.message.contains(expected), "\(rejection.message)")
    }

    @Test func aBadArrayIsRejectedAndNothingStored() {
        var cluster = TestCluster()
        guard case .failure = cluster.trySubmit(spec("0-20000")) else {
            Issue.record("accepted an oversized array")
            return
        }
        #expect(cluster.state.jobs.isEmpty)
    }

    @Test func anArrayTaskCanDependOnAnotherJob() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01", cpus: 8)
        let first = cluster.submit()
        var spec = spec("0-1")
        spec.dependency = "afterok:\(first)"
        let array = cluster.submit(spec)
        #expect(cluster.job(array).reason == PendingReason.dependency.rawValue)
        cluster.confirmLaunch(first)
        cluster.exit(first, on: "cpu-01")
        #expect(cluster.job(array).state == .running)
        #expect(cluster.job(JobID(array.rawValue + 1)).state == .running)
    }
}
