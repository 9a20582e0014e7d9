import Testing
@testable import SchedulerCore

@Suite("Job life cycle")
struct JobLifecycleTests {
    @Test func submittedJobRunsAndCompletesWithExactHistory() {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", cpus: 8, memoryMB: 64_000, gpus: 4)
        let t0 = cluster.now

        let id = cluster.submit(user: "alice", cpus: 4, gpus: 2)
        #expect(id == JobID(1))
        #expect(cluster.lastEffects.launches == [Launch(id, on: "gpu-01")])
        #expect(cluster.job(id).state == .running)

        cluster.setClock(t0 + .seconds(1))
        cluster.started(id, on: "gpu-01", note: "cgroup v2 unavailable")
        cluster.setClock(t0 + .minutes(10))
        let fx = cluster.exit(id, on: "gpu-01", code: 0)

        let job = cluster.job(id)
        #expect(job.state == .completed)
        #expect(job.history == [
            StateChange(at: t0, state: .pending, reason: "Submitted"),
            StateChange(at: t0, state: .running, reason: "Allocated gpu-01"),
            StateChange(at: t0 + .minutes(10), state: .completed, reason: "Exit code 0"),
        ])
        #expect(job.startTime == t0)
        #expect(job.endTime == t0 + .minutes(10))
        #expect(job.exitCode == 0)
        #expect(job.notes == ["gpu-01: cgroup v2 unavailable"])
        #expect(job.activeNodes.isEmpty)
        #expect(fx.stateChanges == [id: [.completed]])
        #expect(fx.kills.isEmpty)

        let node = cluster.node("gpu-01")
        #expect(node.allocatedCPUs.isEmpty && node.allocatedGPUs.isEmpty && node.allocatedMemoryMB == 0)
        #expect(node.isIdle)
    }

    @Test func submissionEffectsAreCommittedRowsThenReplyThenLaunch() {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", gpus: 4)
        let id = cluster.submit(cpus: 2, gpus: 1)
        let fx = cluster.lastEffects

        // Two history entries (pending, running) and the job's row once, as the call leaves it: the shell commits
        // all three before any outbound.
        #expect(fx.transitions.count == 3)
        #expect(fx.stateChanges == [id: [.pending, .running]])
        guard case let .jobChanged(committed) = fx.transitions.last(where: {
            if case .jobChanged = $0 { true } else { false }
        }) else {
            Issue.record("no job row in the transitions")
            return
        }
        #expect(committed == cluster.job(id))
        #expect(committed.allocation == Allocation(nodes: [
            NodeAllocation(node: "gpu-01", cpus: [0, 1], gpus: [0], numaNodes: [0], memoryMB: 2 * 1024,
                           numaMemoryMB: [2 * 1024]),
        ]))
        guard fx.outbound.count == 2, case .reply(_, .submitted(id)) = fx.outbound[0],
              case .launch(id, node: "gpu-01") = fx.outbound[1] else {
            Issue.record("expected the reply, then the launch: \(fx.outbound)")
            return
        }
    }

    @Test func firstFitTakesTheLowestFreeCPUsAndGPUs() {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", cpus: 8, gpus: 4)
        let first = cluster.submit(cpus: 3, gpus: 1)
        let second = cluster.submit(cpus: 2, gpus: 2)
        #expect(cluster.job(first).allocation?.nodes.first?.cpus == [0, 1, 2])
        #expect(cluster.job(first).allocation?.nodes.first?.gpus == [0])
        #expect(cluster.job(second).allocation?.nodes.first?.cpus == [3, 4])
        #expect(cluster.job(second).allocation?.nodes.first?.gpus == [1, 2])

        cluster.exit(first, on: "gpu-01")
        let third = cluster.submit(cpus: 4, gpus: 1)
        #expect(cluster.job(third).allocation?.nodes.first?.cpus == [0, 1, 2, 5])
        #expect(cluster.job(third).allocation?.nodes.first?.gpus == [0])
    }

    @Test func explicitMemoryIsGrantedAndDefaultMemoryIsCappedAtTheNode() {
        var cluster = TestCluster(settings: SchedulerSettings(defaultMemoryMBPerCPU: 4_000))
        cluster.addNode("cpu-01", cpus: 8, memoryMB: 16_000)
        let asked = cluster.submit(cpus: 1, memoryMB: 3_000)
        let defaulted = cluster.submit(cpus: 2)
        #expect(cluster.job(asked).allocation?.nodes.first?.memoryMB == 3_000)
        #expect(cluster.job(defaulted).allocation?.nodes.first?.memoryMB == 8_000)
        #expect(cluster.node("cpu-01").allocatedMemoryMB == 11_000)

        // 8 CPUs × 4 GB would be 32 GB; the node has 16 GB, so the default is capped rather than unsatisfiable.
        var big = TestCluster(settings: SchedulerSettings(defaultMemoryMBPerCPU: 4_000))
        big.addNode("cpu-01", cpus: 8, memoryMB: 16_000)
        let whole = big.submit(cpus: 8)
        #expect(big.job(whole).state == .running)
        #expect(big.job(whole).allocation?.nodes.first?.memoryMB == 16_000)
    }

    @Test func memoryIsAResourceLikeCPUs() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01", cpus: 8, memoryMB: 10_000)
        let first = cluster.submit(cpus: 1, memoryMB: 6_000)
        let second = cluster.submit(cpus: 1, memoryMB: 6_000)
        #expect(cluster.job(first).state == .running)
        #expect(cluster.job(second).state == .pending)
        #expect(cluster.job(second).reason == PendingReason.resources.rawValue)
        cluster.exit(first, on: "cpu-01")
        #expect(cluster.job(second).state == .running)
    }

    struct ExitCase: Sendable, CustomTestStringConvertible {
        var report: ExitReport
        var state: JobState
        var reason: String
        var testDescription: String { "\(report) → \(state.rawValue)" }
    }

    @Test(arguments: [
        ExitCase(report: ExitReport(exitCode: 0), state: .completed, reason: "Exit code 0"),
        ExitCase(report: ExitReport(exitCode: 3), state: .failed, reason: "Exit code 3 on gpu-01"),
        ExitCase(report: ExitReport(exitCode: 0, signal: 9), state: .failed, reason: "Killed by signal 9 on gpu-01"),
        ExitCase(report: ExitReport(exitCode: 0, signal: 15, timedOut: true), state: .timeout,
                 reason: "Time limit reached"),
        ExitCase(report: ExitReport(exitCode: 127, message: "launch failed: workdir /x does not exist"),
                 state: .failed, reason: "launch failed: workdir /x does not exist"),
    ])
    func exitReportDecidesTheEndState(_ c: ExitCase) {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", gpus: 4)
        let id = cluster.submit(gpus: 1)
        cluster.handle(.jobExited(id, node: "gpu-01", c.report, request: nil))
        let job = cluster.job(id)
        #expect(job.state == c.state)
        #expect(job.reason == c.reason)
        #expect(job.history.last?.reason == c.reason)
        #expect(job.exitCode == c.report.exitCode)
        #expect(job.signal == c.report.signal)
        #expect(cluster.node("gpu-01").isIdle)
    }

    @Test func agentReportsAreAcknowledged() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01")
        let id = cluster.submit()
        #expect(cluster.ask { .jobStarted(id, node: "cpu-01", note: "", request: $0) } == .ack)
        #expect(cluster.ask { .jobExited(id, node: "cpu-01", ExitReport(exitCode: 0), request: $0) } == .ack)
    }

    /// A batch script's body is the job (as under sbatch): its end stops what the other nodes still run.
    @Test func theBatchBodysExitEndsAMultiNodeJobAndKillsTheOtherRanks() {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", gpus: 4)
        cluster.addNode("gpu-02", gpus: 4)
        let id = cluster.submit(JobSpec.make(script: "#!/bin/sh\nsrun train.py\n", cpus: 8, gpus: 4, nodes: 2))
        cluster.confirmLaunch(id)
        #expect(cluster.job(id).allocation?.nodeNames == ["gpu-01", "gpu-02"])

        let fx = cluster.exit(id, on: "gpu-01", code: 0)
        #expect(cluster.job(id).state == .completed)
        #expect(fx.kills == [Kill(job: id, node: "gpu-02", reason: "job ended on gpu-01")])
        // Rank 1's resources stay held until its agent reports the processes gone.
        #expect(cluster.node("gpu-01").isIdle)
        #expect(cluster.node("gpu-02").jobs == [id])
        #expect(cluster.node("gpu-02").allocatedGPUs == [0, 1, 2, 3])

        let late = cluster.exit(id, on: "gpu-02", code: 0, signal: 15)
        #expect(late.stateChanges.isEmpty)
        #expect(cluster.job(id).state == .completed)
        #expect(cluster.job(id).exitCode == 0)
        #expect(cluster.node("gpu-02").isIdle)
    }

    /// A command on every node is one task per node, as srun starts them: whichever node ends cleanly first (the
    /// first node included), the others go on (a slow node's work would be lost); the job ends with its last part.
    @Test(arguments: [("gpu-01", "gpu-02"), ("gpu-02", "gpu-01")])
    func aCommandOnEveryNodeEndsWithItsLastPartWhicheverEndsFirst(first: String, last: String) {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", gpus: 4)
        cluster.addNode("gpu-02", gpus: 4)
        let id = cluster.submit(cpus: 2, gpus: 1, nodes: 2)
        cluster.confirmLaunch(id)

        let fx = cluster.exit(id, on: first, code: 0)
        #expect(cluster.job(id).state == .running)
        #expect(fx.kills.isEmpty)
        #expect(cluster.job(id).activeNodes == [last])
        #expect(cluster.node(first).isIdle)

        cluster.exit(id, on: last, code: 0)
        #expect(cluster.job(id).state == .completed)
        #expect(cluster.job(id).exitCode == 0)
        #expect(cluster.node(last).isIdle)
    }

    @Test func aFailingRankFailsTheWholeJob() {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", gpus: 4)
        cluster.addNode("gpu-02", gpus: 4)
        let id = cluster.submit(cpus: 2, gpus: 1, nodes: 2)
        cluster.confirmLaunch(id)

        let fx = cluster.exit(id, on: "gpu-02", code: 0, signal: 11)
        #expect(cluster.job(id).state == .failed)
        #expect(cluster.job(id).reason == "Killed by signal 11 on gpu-02")
        #expect(fx.kills == [Kill(job: id, node: "gpu-01", reason: "job ended on gpu-02")])
        #expect(cluster.node("gpu-01").jobs == [id])
    }

    @Test func duplicateExitReportsAreIdempotent() {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", gpus: 4)
        let id = cluster.submit(gpus: 1)
        cluster.exit(id, on: "gpu-01", code: 2)
        let before = cluster.state

        cluster.setClock(cluster.now + .seconds(30))
        let again = cluster.exit(id, on: "gpu-01", code: 2)
        let different = cluster.exit(id, on: "gpu-01", code: 0)
        #expect(again.transitions.isEmpty)
        #expect(different.transitions.isEmpty)
        #expect(cluster.state == before)
        #expect(cluster.job(id).state == .failed)
        #expect(cluster.job(id).exitCode == 2)
        #expect(cluster.job(id).history.count == 3)
    }

    @Test func reportsFromNodesThatDoNotHoldTheJobAreIgnored() {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", gpus: 4)
        cluster.addNode("gpu-02", gpus: 4)
        let id = cluster.submit(gpus: 1)
        let before = cluster.state
        #expect(cluster.exit(id, on: "gpu-02", code: 1).transitions.isEmpty)
        #expect(cluster.started(id, on: "gpu-02").transitions.isEmpty)
        #expect(cluster.exit(JobID(42), on: "gpu-01", code: 1).transitions.isEmpty)
        #expect(cluster.state == before)
    }
}
