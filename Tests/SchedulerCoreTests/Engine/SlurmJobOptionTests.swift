import Testing
@testable import SchedulerCore

/// sbatch options the core acts on: --requeue/--no-requeue, --nice, --mem=0, --open-mode and %N.
@Suite struct SlurmJobOptionTests {
    static func runningOnTwoNodes(requeue: Bool?) -> (TestCluster, JobID) {
        var cluster = TestCluster()
        cluster.addNode("n1")
        cluster.addNode("n2")
        var spec = JobSpec.make(cpus: 2, nodes: 2)
        spec.requeue = requeue
        let id = cluster.submit(spec)
        cluster.confirmLaunch(id)
        return (cluster, id)
    }

    @Test func aRequeueJobGoesBackToTheQueueWhenItsNodeFailsOnceItsOtherPartsAreGone() {
        var (cluster, id) = Self.runningOnTwoNodes(requeue: true)
        cluster.reregister("n1", running: [])  // n1's agent lost the job's processes
        #expect(cluster.job(id).state == .running, "n2's part is still being stopped")
        #expect(cluster.kills(of: id).map(\.node) == ["n2"])
        cluster.exit(id, on: "n2", code: 143, signal: 15)
        let reasons = cluster.job(id).history.map(\.reason)
        #expect(reasons.contains("Requeued: node n1 failed (--requeue)"), "\(reasons)")
        #expect(cluster.job(id).state != .nodeFail)
    }

    @Test func withoutRequeueANodeFailureEndsTheJob() {
        var (cluster, id) = Self.runningOnTwoNodes(requeue: nil)
        cluster.reregister("n1", running: [])
        #expect(cluster.job(id).state == .nodeFail)
    }

    @Test func niceLowersPriority() {
        var cluster = TestCluster()
        var nice = JobSpec.make(cpus: 1)
        nice.nice = 5000
        let niced = cluster.submit(nice)
        let plain = cluster.submit(JobSpec.make(cpus: 1))
        let order = cluster.scheduler.priorityOrder(at: cluster.now)
        #expect(order.firstIndex(of: plain)! < order.firstIndex(of: niced)!, "the later, un-niced job runs first")
    }

    @Test func allMemoryTakesTheWholeNode() {
        var cluster = TestCluster()
        cluster.addNode("n1", cpus: 8, memoryMB: 64_000)
        var spec = JobSpec.make(cpus: 1)
        spec.request.allMemory = true
        let whole = cluster.submit(spec)
        cluster.confirmLaunch(whole)
        #expect(cluster.job(whole).allocation?.nodes.first?.memoryMB == 64_000)
        let next = cluster.submit(JobSpec.make(cpus: 1))
        #expect(cluster.job(next).state == .pending, "no memory is left for another job")
    }

    @Test(arguments: [
        (nil as String?, 1, nil as Bool?, [true]), ("#!/bin/sh\n", 2, nil, [true, false]), (nil, 2, nil, [false, false]),
        ("#!/bin/sh\n", 1, true, [false]),
    ])
    func onlyTheFirstNodeTruncatesAndOnlyWhenNoOtherWrites(script: String?, nodes: Int, append: Bool?, expected: [Bool]) {
        var spec = JobSpec.make(script: script, nodes: nodes)
        spec.appendOutput = append
        let job = Job(id: JobID(1), spec: spec, submitTime: Instant(milliseconds: 0), stdoutPath: "", stderrPath: "")
        #expect((0..<nodes).map { job.truncatesOutput(onRank: $0) } == expected)
    }

    @Test func percentNIsTheFirstNodeOnceTheJobStarts() {
        var cluster = TestCluster()
        cluster.addNode("gpu-07")
        let id = cluster.submit(JobSpec.make(cpus: 1, stdout: "%N-%j.out", stderr: "err-%N.txt"))
        #expect(cluster.job(id).stdoutPath == "/home/alice/exp/gpu-07-\(id).out")
        #expect(cluster.job(id).stderrPath == "/home/alice/exp/err-gpu-07.txt")
    }
}
