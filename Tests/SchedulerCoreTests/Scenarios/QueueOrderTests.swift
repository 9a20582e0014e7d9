import Testing
@testable import SchedulerCore

@Suite("FIFO queue and pending reasons")
struct QueueOrderTests {
    /// Strict priority order, no backfill (`BackfillPolicy.Mode.none`): the simulator's `fifo` policy.
    static let strict = SchedulerSettings(backfill: BackfillPolicy(mode: .none))

    @Test func headWaitsForResourcesAndBlocksSmallerJobsBehindIt() {
        var cluster = TestCluster(settings: Self.strict)
        cluster.addNode("cpu-01", cpus: 8)
        let running = cluster.submit(cpus: 6)
        let head = cluster.submit(cpus: 4)
        let behind = cluster.submit(cpus: 1)   // would fit in the 2 free CPUs, but strict FIFO keeps it waiting

        #expect(cluster.job(running).state == .running)
        #expect(cluster.job(head).state == .pending)
        #expect(cluster.job(head).reason == PendingReason.resources.rawValue)
        #expect(cluster.job(behind).state == .pending)
        #expect(cluster.job(behind).reason == PendingReason.priority.rawValue)
        #expect(cluster.launches == [Launch(running, on: "cpu-01")])

        let fx = cluster.exit(running, on: "cpu-01")
        #expect(fx.launches == [Launch(head, on: "cpu-01"), Launch(behind, on: "cpu-01")])
        #expect(cluster.job(head).state == .running)
        #expect(cluster.job(behind).state == .running)
    }

    @Test func jobsStartInSubmissionOrder() {
        var cluster = TestCluster()
        let ids = (0..<5).map { _ in cluster.submit(cpus: 2) }
        #expect(ids.allSatisfy { cluster.job($0).state == .pending })
        cluster.addNode("cpu-01", cpus: 8)
        #expect(cluster.launches.map(\.job) == Array(ids.prefix(4)))
        #expect(cluster.job(ids[4]).reason == PendingReason.resources.rawValue)
    }

    @Test func pendingReasonsAreNotDurableTransitions() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01", cpus: 8)
        let running = cluster.submit(cpus: 8)
        let waiting = cluster.submit(cpus: 8)
        #expect(cluster.job(waiting).reason == PendingReason.resources.rawValue)
        // A heartbeat changes nothing durable, even though the cycle re-examines the queue.
        #expect(cluster.heartbeat("cpu-01").transitions.isEmpty)
        #expect(cluster.job(running).state == .running)
    }

    @Test func heldJobIsSkippedWithReasonHeldAndDoesNotBlock() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01", cpus: 8)
        let held = cluster.submit(cpus: 8, hold: true)
        let next = cluster.submit(cpus: 4)
        #expect(cluster.job(held).state == .pending)
        #expect(cluster.job(held).reason == PendingReason.held.rawValue)
        #expect(cluster.job(held).history == [StateChange(at: cluster.now, state: .pending, reason: "Held")])
        #expect(cluster.job(next).state == .running)
        #expect(cluster.launches(of: held).isEmpty)
    }

    @Test func aRequestNoNodeCouldEverRunIsRejectedAtSubmit() {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", cpus: 8, gpus: 4, gpuModel: "NVIDIA H100 80GB HBM3")
        for spec in [JobSpec.make(cpus: 64), .make(gpus: 8), .make(nodes: 2), .make(gpus: 1, gpuModel: "A100")] {
            guard case .failure(let rejection) = cluster.trySubmit(spec) else {
                Issue.record("accepted \(spec.request)")
                continue
            }
            #expect(rejection.code == .invalidRequest)
        }
        guard case .failure(let model) = cluster.trySubmit(.make(gpus: 1, gpuModel: "A100")) else { return }
        #expect(model.message == "no node has GPUs of model \"a100\"")
        #expect(model.hint == "models here: NVIDIA H100 80GB HBM3")
        guard case .failure(let huge) = cluster.trySubmit(.make(cpus: 64)) else { return }
        #expect(huge.message.contains("could ever run this request (64 CPUs on one node)"))
        #expect(cluster.state.jobs.isEmpty)
        let fits = cluster.submit(cpus: 2, gpus: 1, gpuModel: "h100")
        #expect(cluster.job(fits).state == .running, "\(cluster.job(fits).reason)")
    }

    /// Accepted before any node registered, then no node can run it: it waits `Unsatisfiable` (and blocks no one)
    /// until a big enough node joins.
    @Test func anAcceptedJobNoNodeCanRunIsUnsatisfiableUntilABigEnoughNodeJoins() {
        var cluster = TestCluster()
        let id = cluster.submit(cpus: 32)
        cluster.addNode("cpu-01", cpus: 8)
        let small = cluster.submit(cpus: 2)
        #expect(cluster.job(id).reason == PendingReason.unsatisfiable.rawValue)
        #expect(cluster.job(small).state == .running)
        cluster.addNode("cpu-big", cpus: 64)
        #expect(cluster.launches(of: id) == [Launch(id, on: "cpu-big")])
    }

    /// `PendingReason` documents a precedence: when several reasons apply, the first is reported. A job no node
    /// could ever run must say so even while a blocked head keeps the rest of the queue at `Priority`, or its
    /// owner never learns that it will wait forever.
    @Test func unsatisfiableAndNodesDownTakePrecedenceOverPriority() {
        var cluster = TestCluster(settings: Self.strict)
        let impossible = cluster.submit(cpus: 64)   // accepted: no node had registered yet
        cluster.addNode("cpu-01", cpus: 8)
        cluster.addNode("gpu-01", cpus: 8, gpus: 4)
        cluster.handle(.nodeDisconnected(node: "gpu-01"))
        let running = cluster.submit(cpus: 8)
        let head = cluster.submit(cpus: 8)          // cpu-01 is busy; gpu-01 is not connected
        let needsGPU = cluster.submit(gpus: 1)
        let ordinary = cluster.submit(cpus: 1)
        #expect(cluster.job(running).state == .running)
        #expect(cluster.job(head).reason == PendingReason.resources.rawValue)
        #expect(cluster.job(impossible).reason == PendingReason.unsatisfiable.rawValue)
        #expect(cluster.job(needsGPU).reason == PendingReason.nodesDown.rawValue)
        #expect(cluster.job(ordinary).reason == PendingReason.priority.rawValue)
    }

    @Test func onlyDownNodesCouldRunItMeansNodesDown() {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", cpus: 8, gpus: 4)
        cluster.addNode("cpu-01", cpus: 8)
        cluster.setClock(cluster.now + .seconds(50))
        cluster.heartbeat("cpu-01")
        cluster.advance(by: .seconds(20))        // gpu-01 silent for 70 s, cpu-01 for 20 s
        #expect(cluster.node("gpu-01").status == .down)
        #expect(cluster.node("cpu-01").status == .up)

        let gpuJob = cluster.submit(gpus: 1)
        let cpuJob = cluster.submit(cpus: 2)
        #expect(cluster.job(gpuJob).state == .pending)
        #expect(cluster.job(gpuJob).reason == PendingReason.nodesDown.rawValue)
        #expect(cluster.job(cpuJob).state == .running)

        // The agent comes back: the job starts.
        cluster.reregister("gpu-01", running: [])
        #expect(cluster.node("gpu-01").status == .up)
        #expect(cluster.job(gpuJob).state == .running)
    }

    @Test func aDisconnectedNodeGetsNoNewWork() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01", cpus: 8)
        cluster.disconnect("cpu-01")
        #expect(cluster.node("cpu-01").status == .up)
        #expect(cluster.node("cpu-01").connected == false)
        let id = cluster.submit()
        #expect(cluster.job(id).reason == PendingReason.nodesDown.rawValue)
        cluster.heartbeat("cpu-01")
        #expect(cluster.job(id).state == .running)
    }

    @Test func aGangNeedingMoreUpNodesThanExistIsNodesDownNotResources() {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", gpus: 4)
        cluster.addNode("gpu-02", gpus: 4)
        cluster.disconnect("gpu-02")
        let id = cluster.submit(gpus: 1, nodes: 2)
        #expect(cluster.job(id).reason == PendingReason.nodesDown.rawValue)
        let next = cluster.submit(gpus: 1)
        #expect(cluster.job(next).state == .running)
    }
}
