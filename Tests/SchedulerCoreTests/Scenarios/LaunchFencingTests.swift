import Testing
@testable import SchedulerCore

/// No job runs twice: a launch starts only once the core has confirmed it to the agent (`jobStarted` is a request),
/// each run of a job has its epoch, a silent node is fenced, and reports about an earlier run change nothing.
@Suite("Launch confirmation, epochs and fencing")
struct LaunchFencingTests {
    /// A cluster with one node and one job running on it (launched, not yet confirmed).
    static func oneLaunch() -> (TestCluster, JobID) {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", cpus: 8, gpus: 4)
        let id = cluster.submit(cpus: 2, gpus: 1)
        return (cluster, id)
    }

    @Test func eachStartOfAJobIsANewEpoch() {
        var (cluster, id) = Self.oneLaunch()
        #expect(cluster.job(id).epoch == 1)
        cluster.advance(by: .seconds(61)) // never confirmed, node silent: requeued
        #expect(cluster.job(id).state == .pending)
        cluster.addNode("gpu-02", cpus: 8, gpus: 4)
        #expect(cluster.job(id).state == .running)
        #expect(cluster.job(id).epoch == 2)
    }

    enum Claim: String, CaseIterable { case current, stale, otherNode, cancelledFirst }

    /// Whom the core lets start: only the current run on its own node; a job cancelled before its agent asked is
    /// refused and its part is free at once (the agent will not start it, so no exit report will come).
    @Test(arguments: Claim.allCases)
    func theAgentMayStartOnlyTheCurrentRunOfItsOwnPart(_ claim: Claim) {
        var (cluster, id) = Self.oneLaunch()
        cluster.addNode("gpu-02", cpus: 8, gpus: 4)
        if claim == .cancelledFirst {
            _ = cluster.ask { .cancelRequested([.job(id)], by: Principal(name: "root", role: .admin), request: $0) }
        }
        let node = claim == .otherNode ? "gpu-02" : "gpu-01"
        let epoch = claim == .stale ? 7 : 1
        let reply = cluster.ask { .jobStarted(id, node: node, note: "", epoch: epoch, request: $0) }
        let job = cluster.job(id)
        switch claim {
        case .current:
            #expect(reply == .ack)
            #expect(job.startedNodes == ["gpu-01"])
        case .stale, .otherNode:
            guard case .rejected(let rejection) = reply else { Issue.record("\(reply)"); return }
            #expect(rejection.hint.contains("do not start it"))
            #expect(job.startedNodes.isEmpty && job.state == .running)
        case .cancelledFirst:
            guard case .rejected = reply else { Issue.record("\(reply)"); return }
            #expect(job.state == .cancelled && job.activeNodes.isEmpty)
            #expect(cluster.node("gpu-01").isIdle)
        }
    }

    @Test func aSilentNodeIsFencedWhenItTimesOut() {
        var (cluster, _) = Self.oneLaunch()
        let fx = cluster.advance(by: .seconds(61))
        #expect(fx.outbound.contains(.fence(node: "gpu-01")))
        #expect(cluster.node("gpu-01").status == .down)
    }

    /// The job was requeued while its node was cut off and runs again on that node: the node's report, listing,
    /// or exit of the earlier run must neither end the new run nor count as it.
    @Test func reportsAboutAnEarlierRunChangeNothing() {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", cpus: 8, gpus: 4)
        var spec = JobSpec.make(user: "alice", cpus: 2, gpus: 1)
        spec.requeue = true
        let id = cluster.submit(spec)
        cluster.started(id, on: "gpu-01")
        // The node goes silent; the (--requeue) job goes back to the queue and starts again when the node is back.
        cluster.advance(by: .seconds(61))
        #expect(cluster.job(id).state == .pending)
        let kills = cluster.register(cluster.node("gpu-01").inventory, running: [])
        #expect(kills.isEmpty)
        #expect(cluster.job(id).state == .running && cluster.job(id).epoch == 2)

        // The old run's exit comes late: ignored.
        let report = ExitReport(exitCode: 1)
        _ = cluster.ask { .jobExited(id, node: "gpu-01", report, epoch: 1, request: $0) }
        #expect(cluster.job(id).state == .running)
        // A heartbeat listing the old run gets it killed; the current run is untouched.
        let fx = cluster.handle(.heartbeatReceived(node: "gpu-01", running: [id], epochs: [id: 1]))
        #expect(fx.kills.map(\.job) == [id])
        #expect(cluster.job(id).state == .running)
    }

    /// Re-registration listing only an earlier run: the current run is lost there (requeued if it never started)
    /// and the earlier one is killed.
    @Test func registrationListingAnEarlierRunKillsItAndLosesTheCurrentOne() {
        var (cluster, id) = Self.oneLaunch()
        let kills = cluster.register(cluster.node("gpu-01").inventory, running: [id])
        #expect(kills.isEmpty) // epochs unknown (an older agent): taken as the current run
        let inventory = cluster.node("gpu-01").inventory
        let reply = cluster.ask { .nodeRegistered(inventory, running: [id], epochs: [id: 5], request: $0) }
        guard case let .nodeRegistered(killJobs, _, _) = reply else { Issue.record("\(reply)"); return }
        #expect(killJobs == [id])
        #expect(cluster.job(id).history.contains { $0.reason == "Requeued: node gpu-01 lost the launch" })
    }

    /// An agent that restarted between schedd's confirmation and starting the job says it never started: the job
    /// goes back to the queue instead of failing with its node.
    @Test func aConfirmedLaunchThatNeverStartedIsRequeued() {
        var (cluster, id) = Self.oneLaunch()
        cluster.started(id, on: "gpu-01")
        let report = ExitReport(exitCode: 0, message: "the agent restarted before starting it", neverStarted: true)
        _ = cluster.ask { .jobExited(id, node: "gpu-01", report, epoch: 1, request: $0) }
        let job = cluster.job(id)
        #expect(job.history.contains { $0.reason == "Requeued: node gpu-01 lost the launch" })
        #expect(job.state == .running && job.epoch == 2) // and started again at once on the free node
    }
}
