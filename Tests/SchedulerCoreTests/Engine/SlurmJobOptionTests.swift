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

/// `--hint=nomultithread`: whole cores, one thread each.
@Suite struct WholeCoreTests {
    static func cluster() -> TestCluster {
        var cluster = TestCluster()
        cluster.register(NodeInventory(name: "smt", address: "smt",
                                       topology: .make(domains: 1, coresPerDomain: 8, threadsPerCore: 2)))
        return cluster
    }

    static func wholeCores(_ cpus: Int) -> JobSpec {
        var spec = JobSpec.make(cpus: cpus)
        spec.request.wholeCores = true
        return spec
    }

    @Test func aJobGetsWholeCoresAndIsBoundToOneThreadOfEach() throws {
        var cluster = Self.cluster()
        let id = cluster.submit(Self.wholeCores(4))
        let part = try #require(cluster.job(id).allocation?.nodes.first)
        let topology = cluster.node("smt").inventory.topology
        #expect(part.cpus.count == 8, "4 cores × 2 threads")
        #expect(topology.coversWholeCores(part.cpus))
        let bound = cluster.job(id).boundCPUs(of: part, on: topology)
        #expect(bound.count == 4)
        #expect(Set(bound.map { cpu in topology.cores.firstIndex { $0.cpus.contains(cpu) }! }).count == 4, "one per core")
    }

    @Test func splitCoresAreNotEnough() {
        // Core c has threads c and c + 8; one thread of cores 0-6 is held, so only core 7 is whole.
        let node = Node.up("smt", .make(domains: 1, coresPerDomain: 8, threadsPerCore: 2)).holding(cpus: Array(0...6))
        func ask(_ cores: Int) -> PlacementAsk {
            var request = ResourceRequest(cpusPerNode: cores, memoryMBPerNode: 1_000)
            request.wholeCores = true
            return PlacementAsk(request, settings: SchedulerSettings())
        }
        #expect(NodeAllocator.trial(ask(2), on: node) == nil, "nine threads are free, but only one core is whole")
        #expect(NodeAllocator.trial(ask(1), on: node)?.allocation.cpus.sorted() == [7, 15])
    }

    @Test func withoutSMTACoreIsOneCPU() {
        var cluster = TestCluster()
        cluster.addNode("plain", cpus: 4)
        let id = cluster.submit(Self.wholeCores(4))
        #expect(cluster.job(id).allocation?.nodes.first?.cpus.count == 4)
    }
}
