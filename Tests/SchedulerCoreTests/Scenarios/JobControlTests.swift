import Testing
@testable import SchedulerCore

@Suite("Cancel, hold, release and who may")
struct JobControlTests {
    @Test func cancellingAPendingJobEndsItWithoutKills() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01", cpus: 4)
        let running = cluster.submit(cpus: 4)
        let pending = cluster.submit(cpus: 4)
        cluster.setClock(cluster.now + .seconds(5))

        #expect(cluster.cancel(pending) == [JobActionOutcome(jobID: pending)])
        let job = cluster.job(pending)
        #expect(job.state == .cancelled)
        #expect(job.reason == "Cancelled by alice")
        #expect(job.endTime == cluster.now)
        #expect(job.historyStates == [.pending, .cancelled])
        #expect(cluster.lastEffects.kills.isEmpty)
        #expect(!cluster.state.pendingIDs.contains(pending))

        // It never starts later.
        cluster.exit(running, on: "cpu-01")
        #expect(cluster.launches(of: pending).isEmpty)
        #expect(cluster.job(pending).state == .cancelled)
    }

    @Test func cancellingARunningJobKillsItAndFreesResourcesOnlyAfterTheExitReport() {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", cpus: 8, gpus: 4)
        let victim = cluster.submit(cpus: 8, gpus: 4)
        cluster.confirmLaunch(victim)
        let waiting = cluster.submit(cpus: 4, gpus: 2)

        let outcomes = cluster.cancel(victim)
        #expect(outcomes == [JobActionOutcome(jobID: victim)])
        #expect(cluster.job(victim).state == .cancelled)
        #expect(cluster.lastEffects.kills == [Kill(job: victim, node: "gpu-01", reason: "cancelled by alice")])
        // The processes may still be running: GPUs stay held and nothing new starts on them.
        #expect(cluster.node("gpu-01").jobs == [victim])
        #expect(cluster.node("gpu-01").allocatedGPUs == [0, 1, 2, 3])
        #expect(cluster.lastEffects.launches.isEmpty)
        #expect(cluster.job(waiting).state == .pending)
        #expect(cluster.job(waiting).reason == PendingReason.resources.rawValue)

        let fx = cluster.exit(victim, on: "gpu-01", code: 0, signal: 15)
        #expect(fx.launches == [Launch(waiting, on: "gpu-01")])
        #expect(cluster.job(victim).state == .cancelled)
        #expect(cluster.job(victim).historyStates == [.pending, .running, .cancelled])
        #expect(cluster.job(victim).signal == 15)
        #expect(cluster.job(waiting).state == .running)
    }

    @Test func cancellingAMultiNodeJobKillsEveryRank() {
        var cluster = TestCluster()
        cluster.addNode("n1")
        cluster.addNode("n2")
        let id = cluster.submit(nodes: 2)
        _ = cluster.cancel(id)
        #expect(cluster.lastEffects.kills.map(\.node) == ["n1", "n2"])
        cluster.exit(id, on: "n2", signal: 15)
        #expect(cluster.node("n2").isIdle)
        #expect(cluster.node("n1").jobs == [id])
        #expect(cluster.job(id).state == .cancelled)
    }

    @Test func cancellingAFinishedJobIsAConflictAndChangesNothing() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01")
        let id = cluster.submit()
        cluster.exit(id, on: "cpu-01")
        let before = cluster.state
        let outcomes = cluster.cancel(id)
        #expect(outcomes.map(\.rejection?.code) == [.conflict])
        #expect(cluster.lastEffects.transitions.isEmpty)
        #expect(cluster.state == before)
    }

    @Test func oneRequestCanCancelSeveralJobsWithOutcomesEach() {
        var cluster = TestCluster()
        let mine = cluster.submit(user: "alice")
        let theirs = cluster.submit(user: "bob")
        let outcomes = cluster.cancel(mine, theirs, JobID(99), mine, by: .user("alice"))
        #expect(outcomes.map(\.jobID) == [mine, theirs, JobID(99), mine])
        #expect(outcomes.map(\.rejection?.code) == [nil, .notFound, .notFound, .conflict])
        #expect(cluster.job(theirs).state == .pending)
    }

    @Test func holdKeepsAPendingJobBackAndReleaseLetsItRun() {
        var cluster = TestCluster()
        let id = cluster.submit()
        #expect(cluster.hold(id) == [JobActionOutcome(jobID: id)])
        #expect(cluster.job(id).held)
        #expect(cluster.job(id).reason == PendingReason.held.rawValue)

        cluster.addNode("cpu-01")
        #expect(cluster.job(id).state == .pending)
        #expect(cluster.launches.isEmpty)

        #expect(cluster.release(id) == [JobActionOutcome(jobID: id)])
        #expect(!cluster.job(id).held)
        #expect(cluster.job(id).state == .running)
        #expect(cluster.job(id).history.map(\.reason) == [
            "Submitted", "Held by alice", "Released by alice", "Allocated cpu-01",
        ])
        #expect(cluster.lastEffects.launches == [Launch(id, on: "cpu-01")])
    }

    @Test func submittedHeldThenReleasedByAdmin() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01")
        let id = cluster.submit(hold: true)
        #expect(cluster.job(id).state == .pending)
        #expect(cluster.release(id, by: .admin).map(\.rejection) == [nil])
        #expect(cluster.job(id).state == .running)
    }

    @Test func holdAndReleaseConflicts() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01", cpus: 1)
        let running = cluster.submit()
        let pending = cluster.submit()
        #expect(cluster.hold(running).map(\.rejection?.code) == [.conflict])
        #expect(cluster.release(pending).map(\.rejection?.code) == [.conflict])
        _ = cluster.hold(pending)
        #expect(cluster.hold(pending).map(\.rejection?.code) == [.conflict])
        _ = cluster.cancel(pending)
        #expect(cluster.release(pending).map(\.rejection?.code) == [.conflict])
        #expect(cluster.job(pending).state == .cancelled)
    }

    @Test func holdingTheBlockedHeadUnblocksTheQueue() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01", cpus: 8)
        _ = cluster.submit(cpus: 6, minutes: 60)
        let head = cluster.submit(cpus: 8, minutes: 60)
        let small = cluster.submit(cpus: 2, minutes: 120)   // would delay the head's reservation: no backfill
        #expect(cluster.job(small).state == .pending)
        _ = cluster.hold(head)
        #expect(cluster.job(small).state == .running)
        #expect(cluster.job(head).reason == PendingReason.held.rawValue)
    }

    struct OwnershipCase: Sendable, CustomTestStringConvertible {
        var principal: Principal
        var rejection: Rejection.Code?
        var testDescription: String { "\(principal.role.rawValue) \(principal.name) → \(rejection?.rawValue ?? "done")" }
    }

    static let ownership: [OwnershipCase] = [
        OwnershipCase(principal: .user("alice"), rejection: nil),
        OwnershipCase(principal: .user("bob"), rejection: .notFound),
        OwnershipCase(principal: .admin, rejection: nil),
        OwnershipCase(principal: .agent("gpu-01"), rejection: .permissionDenied),
        OwnershipCase(principal: Principal(name: "alice", role: .node), rejection: .permissionDenied),
    ]

    @Test(arguments: ownership)
    func whoMayCancelAlicesRunningJob(_ c: OwnershipCase) {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", gpus: 4)
        let id = cluster.submit(user: "alice", gpus: 1)
        let before = cluster.state
        let outcomes = cluster.cancel(id, by: c.principal)
        #expect(outcomes.map(\.rejection?.code) == [c.rejection])
        if c.rejection == nil {
            #expect(cluster.job(id).state == .cancelled)
            #expect(cluster.job(id).reason == "Cancelled by \(c.principal.name)")
            #expect(cluster.lastEffects.kills.count == 1)
        } else {
            #expect(cluster.state == before)
            #expect(cluster.lastEffects.transitions.isEmpty)
            #expect(cluster.lastEffects.kills.isEmpty)
        }
    }

    @Test(arguments: ownership)
    func whoMayHoldAndReleaseAlicesPendingJob(_ c: OwnershipCase) {
        var cluster = TestCluster()
        let id = cluster.submit(user: "alice")
        #expect(cluster.hold(id, by: c.principal).map(\.rejection?.code) == [c.rejection])
        #expect(cluster.job(id).held == (c.rejection == nil))
        _ = cluster.hold(id, by: .admin)
        #expect(cluster.release(id, by: c.principal).map(\.rejection?.code) == [c.rejection])
        #expect(cluster.job(id).held == (c.rejection != nil))
    }

    @Test func anotherUsersJobLooksExactlyLikeAMissingOne() {
        var cluster = TestCluster()
        let id = cluster.submit(user: "alice")
        let missing = JobID(77)
        let theirs = cluster.cancel(id, by: .user("bob")).first?.rejection
        let absent = cluster.cancel(missing, by: .user("bob")).first?.rejection
        #expect(theirs?.code == .notFound)
        #expect(absent?.code == .notFound)
        #expect(theirs?.message == "no job \(id) of yours")
        #expect(absent?.message == "no job \(missing) of yours")
        #expect(theirs?.hint == absent?.hint)
    }

    @Test func queriesApplyTheSameVisibility() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01", cpus: 1)
        let alices = cluster.submit(user: "alice")
        let bobs = cluster.submit(user: "bob")
        cluster.exit(alices, on: "cpu-01")
        let scheduler = cluster.scheduler

        #expect((try? scheduler.job(alices, visibleTo: .user("alice")).get())?.id == alices)
        #expect(throws: Rejection.self) { try scheduler.job(alices, visibleTo: .user("bob")).get() }
        #expect((try? scheduler.job(bobs, visibleTo: .admin).get())?.id == bobs)
        #expect(scheduler.jobs(visibleTo: .user("alice")).isEmpty)
        #expect(scheduler.jobs(visibleTo: .user("alice"), includeFinished: true).map(\.id) == [alices])
        #expect(scheduler.jobs(visibleTo: .user("bob")).map(\.id) == [bobs])
        #expect(scheduler.jobs(visibleTo: .admin).isEmpty)
        #expect(scheduler.jobs(visibleTo: .admin, allUsers: true).map(\.id) == [bobs])
        #expect(scheduler.jobs(visibleTo: .user("alice"), allUsers: true, includeFinished: true).map(\.id) == [alices])
        #expect(scheduler.jobs(visibleTo: .agent("cpu-01"), allUsers: true, includeFinished: true).isEmpty)
        // Naming a job (`aisubmit show 42`, the web's job page): an admin sees anyone's, a user only their own.
        #expect(scheduler.jobs(visibleTo: .admin, ids: [alices]).map(\.id) == [alices])
        #expect(scheduler.jobs(visibleTo: .user("bob"), ids: [alices]).isEmpty)
    }
}
