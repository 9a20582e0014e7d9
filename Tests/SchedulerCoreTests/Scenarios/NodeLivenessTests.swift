import Testing
@testable import SchedulerCore

@Suite("Node agents: liveness, timeouts, re-registration")
struct NodeLivenessTests {
    @Test func registrationRepliesWithTheHeartbeatIntervalAndRecordsTheNode() {
        var cluster = TestCluster(settings: SchedulerSettings(heartbeatInterval: .seconds(7)))
        let reply = cluster.ask { .nodeRegistered(.make("gpu-01", gpus: 4), running: [], request: $0) }
        #expect(reply == .nodeRegistered(killJobs: [], heartbeatInterval: .seconds(7), nodeTimeout: .seconds(60)))
        let node = cluster.node("gpu-01")
        #expect(node.status == .up && node.connected)
        #expect(node.lastHeard == cluster.now)
        #expect(cluster.lastEffects.transitions == [.nodeChanged(node)])
    }

    @Test(arguments: [
        NodeInventory(name: "", address: "x", cpuIDs: [0], memoryMB: 1_000),
        NodeInventory(name: "gpu-01", address: "x", cpuIDs: [], memoryMB: 1_000),
    ])
    func nodeWithoutNameOrCPUsIsRejected(_ inventory: NodeInventory) {
        var cluster = TestCluster()
        let reply = cluster.ask { .nodeRegistered(inventory, running: [], request: $0) }
        guard case .rejected(let rejection) = reply else {
            Issue.record("registered: \(reply)")
            return
        }
        #expect(rejection.code == .invalidRequest)
        #expect(cluster.lastEffects.transitions.isEmpty)
        #expect(cluster.state.nodes.isEmpty)
    }

    @Test func wakeAtIsTheEarliestNodeDeadline() {
        var cluster = TestCluster()
        let t0 = cluster.now
        cluster.addNode("a")
        #expect(cluster.lastEffects.wakeAt == t0 + .seconds(60))
        cluster.setClock(t0 + .seconds(10))
        cluster.addNode("b")
        #expect(cluster.lastEffects.wakeAt == t0 + .seconds(60))
        cluster.setClock(t0 + .seconds(20))
        cluster.heartbeat("a")
        #expect(cluster.lastEffects.wakeAt == t0 + .seconds(70))
    }

    @Test func heartbeatsKeepANodeUp() {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", gpus: 4)
        let id = cluster.submit(gpus: 1)
        cluster.confirmLaunch(id)
        for _ in 0..<30 {
            cluster.advance(by: .seconds(5))
            cluster.heartbeat("gpu-01")
            #expect(cluster.lastEffects.transitions.isEmpty)
        }
        #expect(cluster.node("gpu-01").status == .up)
        #expect(cluster.job(id).state == .running)
    }

    @Test func silenceJustUnderTheTimeoutIsTolerated() {
        var cluster = TestCluster()
        cluster.addNode("gpu-01")
        cluster.advance(by: Span(milliseconds: 59_999))
        #expect(cluster.node("gpu-01").status == .up)
        #expect(cluster.lastEffects.transitions.isEmpty)
    }

    /// A shell (the simulator in particular, which jumps straight to the next wake-up) fires the timer exactly at
    /// `wakeAt`. The node must be down then; otherwise the core asks again for the same instant, for ever.
    @Test func aShellThatWakesExactlyAtWakeAtSeesTheSilentNodeGoDown() {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", gpus: 4)
        let id = cluster.submit(gpus: 1)
        cluster.confirmLaunch(id)
        let deadline = cluster.lastEffects.wakeAt

        let fx = cluster.advanceToWake()
        #expect(cluster.now == deadline)
        #expect(cluster.node("gpu-01").status == .down)
        #expect(cluster.job(id).state == .nodeFail)
        if let next = fx.wakeAt { #expect(next > cluster.now) }
    }

    @Test func silentNodeGoesDownFailingStartedJobsAndRequeueingUnstartedOnes() {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", cpus: 8, gpus: 4)
        cluster.addNode("cpu-01", cpus: 8)
        let t0 = cluster.now
        let started = cluster.submit(cpus: 2, gpus: 2)
        let unstarted = cluster.submit(cpus: 2, gpus: 2)
        let elsewhere = cluster.submit(cpus: 8)
        cluster.started(started, on: "gpu-01")
        cluster.confirmLaunch(elsewhere)
        #expect(cluster.job(elsewhere).allocation?.nodeNames == ["cpu-01"])

        cluster.setClock(t0 + .seconds(30))
        cluster.heartbeat("cpu-01")
        let fx = cluster.advance(by: .seconds(31))     // gpu-01 silent for 61 s

        #expect(cluster.node("gpu-01").status == .down)
        #expect(!cluster.node("gpu-01").connected)
        #expect(cluster.node("gpu-01").isIdle)
        #expect(cluster.node("gpu-01").allocatedGPUs.isEmpty)

        let failed = cluster.job(started)
        #expect(failed.state == .nodeFail)
        #expect(failed.history.last == StateChange(at: cluster.now, state: .nodeFail,
                                                     reason: "Node gpu-01 stopped responding"))
        #expect(failed.endTime == cluster.now)

        let requeued = cluster.job(unstarted)
        #expect(requeued.state == .pending)
        #expect(requeued.historyStates == [.pending, .running, .pending])
        #expect(requeued.history.last?.reason == "Requeued: node gpu-01 lost the launch")
        #expect(requeued.allocation == nil && requeued.startTime == nil && requeued.activeNodes.isEmpty)
        #expect(requeued.reason == PendingReason.nodesDown.rawValue)

        #expect(cluster.job(elsewhere).state == .running)
        #expect(fx.stateChanges == [started: [.nodeFail], unstarted: [.pending]])
        #expect(fx.transitions.contains {
            if case .nodeChanged(let node) = $0 { node.name == "gpu-01" && node.status == .down } else { false }
        })
    }

    @Test func requeuedJobKeepsItsPlaceAndStartsWhenANodeIsBack() {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", gpus: 4)
        let first = cluster.submit(gpus: 4)
        cluster.advance(by: .seconds(61))
        let later = cluster.submit(gpus: 1)
        #expect(cluster.job(first).state == .pending)

        cluster.reregister("gpu-01", running: [])
        // The requeued job is older, so it goes first and the newer one waits behind it.
        #expect(cluster.job(first).state == .running)
        #expect(cluster.job(first).historyStates == [.pending, .running, .pending, .running])
        #expect(cluster.job(later).reason == PendingReason.resources.rawValue)
        #expect(cluster.launches(of: first) == [Launch(first, on: "gpu-01"), Launch(first, on: "gpu-01")])
    }

    @Test func losingOneNodeOfAStartedGangFailsTheJobAndKillsTheOtherRanks() {
        var cluster = TestCluster()
        cluster.addNode("n1")
        cluster.addNode("n2")
        let gang = cluster.submit(cpus: 4, nodes: 2)
        cluster.confirmLaunch(gang)

        cluster.setClock(cluster.now + .seconds(40))
        cluster.heartbeat("n1")
        let fx = cluster.advance(by: .seconds(21))    // n2 silent for 61 s
        #expect(cluster.job(gang).state == .nodeFail)
        #expect(cluster.job(gang).reason == "Node n2 stopped responding")
        #expect(fx.kills == [Kill(job: gang, node: "n1", reason: "node n2 failed")])
        #expect(cluster.node("n1").jobs == [gang])     // until n1 reports the processes gone
        cluster.exit(gang, on: "n1", signal: 15)
        #expect(cluster.node("n1").isIdle)
        #expect(cluster.job(gang).state == .nodeFail)
    }

    @Test func losingOneNodeOfAnUnstartedGangRequeuesItAndFreesTheOtherNodes() {
        var cluster = TestCluster()
        cluster.addNode("n1")
        cluster.addNode("n2")
        let gang = cluster.submit(cpus: 4, nodes: 2)

        cluster.setClock(cluster.now + .seconds(40))
        cluster.heartbeat("n1")
        let fx = cluster.advance(by: .seconds(21))
        #expect(cluster.job(gang).state == .pending)
        #expect(cluster.job(gang).reason == PendingReason.nodesDown.rawValue)
        #expect(fx.kills == [Kill(job: gang, node: "n1", reason: "requeued")])
        #expect(cluster.node("n1").isIdle)
        #expect(cluster.node("n2").isIdle)
    }

    @Test func disconnectingDoesNotEndJobsBeforeTheTimeout() {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", gpus: 4)
        let id = cluster.submit(gpus: 1)
        cluster.confirmLaunch(id)
        let fx = cluster.disconnect("gpu-01")
        #expect(fx.stateChanges.isEmpty)
        #expect(cluster.node("gpu-01").status == .up)
        #expect(cluster.job(id).state == .running)
        #expect(cluster.disconnect("gpu-01").transitions.isEmpty)   // already disconnected
        cluster.exit(id, on: "gpu-01")
        #expect(cluster.job(id).state == .completed)
    }

    @Test func reRegistrationReconcilesWhatTheAgentStillRuns() {
        var cluster = TestCluster()
        cluster.addNode("n1", cpus: 8)
        cluster.addNode("n2", cpus: 8)
        let lost = cluster.submit(cpus: 2)
        let neverArrived = cluster.submit(cpus: 2)
        let survivor = cluster.submit(cpus: 2)
        let onN2 = cluster.submit(cpus: 8)
        cluster.started(lost, on: "n1")
        cluster.started(survivor, on: "n1")
        cluster.confirmLaunch(onN2)
        #expect(cluster.job(onN2).allocation?.nodeNames == ["n2"])

        // The agent on n1 restarted: it still supervises `survivor`, and claims a job it does not hold here
        // and one the scheduler never heard of.
        let killJobs = cluster.reregister("n1", running: [survivor, JobID(999), onN2])
        #expect(killJobs == [JobID(999), onN2])

        #expect(cluster.job(lost).state == .nodeFail)
        #expect(cluster.job(survivor).state == .running)
        #expect(cluster.job(onN2).state == .running)
        #expect(cluster.job(onN2).activeNodes == ["n2"])
        // The launch that never arrived is requeued, and since n1 is back it is launched again at once.
        #expect(cluster.job(neverArrived).historyStates == [.pending, .running, .pending, .running])
        #expect(cluster.launches(of: neverArrived).count == 2)
        #expect(cluster.node("n1").jobs == [neverArrived, survivor])
    }

    @Test func aBrandNewNodeIsToldToKillEverythingItClaims() {
        var cluster = TestCluster()
        let killJobs = cluster.addNode("gpu-09", running: [JobID(5), JobID(6)])
        #expect(killJobs == [JobID(5), JobID(6)])
    }

    /// A kill sent while the agent was unreachable is lost with its connection. When the agent registers
    /// again and still lists a job that has already ended, it must be told to kill it, or the job's processes
    /// keep the GPUs until they end by themselves.
    @Test func reRegistrationRepeatsKillsForJobsThatEndedWhileTheAgentWasAway() {
        var cluster = TestCluster()
        cluster.addNode("n1")
        cluster.addNode("n2")
        let single = cluster.submit(cpus: 2)
        let gang = cluster.submit(JobSpec.make(script: "#!/bin/sh\nsrun train.py\n", cpus: 2, nodes: 2))
        cluster.confirmLaunch(single)
        cluster.confirmLaunch(gang)

        cluster.disconnect("n2")
        cluster.exit(gang, on: "n1", code: 0)             // the batch body ends the gang: the kill for n2 is undeliverable
        cluster.disconnect("n1")
        _ = cluster.cancel(single)                         // the kill for n1 is undeliverable
        #expect(cluster.kills == [Kill(job: gang, node: "n2", reason: "job ended on n1"),
                                  Kill(job: single, node: "n1", reason: "cancelled by alice")])
        #expect(cluster.job(single).state == .cancelled)
        #expect(cluster.job(gang).state == .completed)

        #expect(cluster.reregister("n1", running: [single]) == [single])
        #expect(cluster.reregister("n2", running: [gang]) == [gang])
        // Still held until the agents report the processes gone.
        #expect(cluster.node("n1").jobs == [single])
        #expect(cluster.node("n2").jobs == [gang])
        cluster.exit(single, on: "n1", signal: 9)
        cluster.exit(gang, on: "n2", signal: 9)
        #expect(cluster.node("n1").isIdle && cluster.node("n2").isIdle)
        #expect(cluster.job(single).state == .cancelled && cluster.job(gang).state == .completed)
    }

    @Test func heartbeatListingAStrangeJobGetsItKilled() {
        var cluster = TestCluster()
        cluster.addNode("n1")
        cluster.addNode("n2")
        let id = cluster.submit()
        let fx = cluster.heartbeat("n2", running: [id])
        #expect(fx.kills == [Kill(job: id, node: "n2", reason: "not a job of this node")])
        #expect(cluster.job(id).state == .running)
        #expect(cluster.heartbeat("n1", running: [id]).kills.isEmpty)
    }

    @Test func heartbeatFromAnUnknownNodeIsIgnored() {
        var cluster = TestCluster()
        let fx = cluster.heartbeat("ghost", running: [JobID(1)])
        #expect(fx.transitions.isEmpty && fx.outbound.isEmpty)
        #expect(cluster.state.nodes.isEmpty)
    }

    @Test func aDownNodeThatHeartbeatsAgainIsUpAndItsOldJobsAreKilled() {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", gpus: 4)
        let id = cluster.submit(gpus: 1)
        cluster.confirmLaunch(id)
        cluster.advance(by: .seconds(61))
        #expect(cluster.job(id).state == .nodeFail)

        let fx = cluster.heartbeat("gpu-01", running: [id])
        #expect(cluster.node("gpu-01").status == .up)
        #expect(fx.transitions.contains { if case .nodeChanged(let n) = $0 { n.status == .up } else { false } })
        #expect(fx.kills == [Kill(job: id, node: "gpu-01", reason: "not a job of this node")])
        #expect(cluster.job(id).state == .nodeFail)
    }
}
