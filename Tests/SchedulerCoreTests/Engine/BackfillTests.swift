import Testing
@testable import SchedulerCore

@Suite("Reservations and backfill")
struct BackfillTests {
    static let hour = Span.minutes(60)

    @Test func theBlockedHeadIsReservedAtTheEndOfTheJobInItsWay() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01", cpus: 8)
        let running = cluster.submit(cpus: 6, minutes: 60)
        let head = cluster.submit(cpus: 8, minutes: 60)
        let reservation = cluster.scheduler.plan.reservation(of: head)
        #expect(cluster.job(head).reason == PendingReason.resources.rawValue)
        #expect(reservation?.start == cluster.now + Self.hour)
        #expect(reservation?.end == cluster.now + Self.hour + Self.hour)
        #expect(reservation?.after == [running])
        #expect(reservation?.allocation.nodes.first?.cpus == Array(0..<8))
        let outlook = cluster.scheduler.outlooks(of: [head])[head]
        #expect(outlook?.jobsAhead == 0)
        #expect(outlook?.reservation == reservation)
    }

    @Test func aShortJobBackfillsAndALongOneWaits() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01", cpus: 8)
        _ = cluster.submit(cpus: 6, minutes: 60)
        let head = cluster.submit(cpus: 8, minutes: 60)
        let short = cluster.submit(cpus: 2, minutes: 30)    // ends before the head's reservation begins
        let long = cluster.submit(cpus: 2, minutes: 90)     // would still hold CPUs the head is promised
        #expect(cluster.job(short).state == .running)
        #expect(cluster.job(long).state == .pending)
        #expect(cluster.job(head).state == .pending)
        // The long job is planned after the head: its estimate is the head's end.
        #expect(cluster.scheduler.plan.reservation(of: long)?.start == cluster.now + Self.hour + Self.hour)
        #expect(cluster.scheduler.outlooks(of: [long])[long]?.jobsAhead == 1)
    }

    @Test func aJobOffTheReservedResourcesBackfillsWhateverItsLength() {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", cpus: 8, gpus: 4)
        _ = cluster.submit(cpus: 2, gpus: 2, minutes: 60)
        let head = cluster.submit(cpus: 2, gpus: 4, minutes: 60)
        let cpuOnly = cluster.submit(cpus: 2, minutes: 600) // the head needs 2 of the 6 free CPUs and no more
        #expect(cluster.job(head).state == .pending)
        #expect(cluster.job(cpuOnly).state == .running)
        let reserved = Set(cluster.scheduler.plan.reservation(of: head)?.allocation.nodes.first?.cpus ?? [])
        #expect(reserved.isDisjoint(with: cluster.job(cpuOnly).allocation?.nodes.first?.cpus ?? []))
    }

    @Test func theReservedJobStartsWhenItsResourcesFreeUp() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01", cpus: 8)
        let running = cluster.submit(cpus: 6, minutes: 60)
        let head = cluster.submit(cpus: 8, minutes: 60)
        cluster.setClock(cluster.now + .minutes(20))
        cluster.exit(running, on: "cpu-01")            // earlier than its limit: an incremental cycle starts it
        #expect(cluster.job(head).state == .running)
        #expect(cluster.scheduler.plan.reservation(of: head) == nil)
    }

    /// The shell times each call under the cycle it ran (schedd's cycle histogram), so the core must say which.
    @Test func eachCallSaysWhichCycleItRan() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01", cpus: 8)
        let running = cluster.submit(cpus: 6, minutes: 60)
        #expect(cluster.lastEffects.cycle == .full, "the first cycle ranks the whole queue")
        let head = cluster.submit(cpus: 8, minutes: 60)
        #expect(cluster.lastEffects.cycle == .incremental, "a new job is looked at on its own")
        _ = cluster.exit(running, on: "cpu-01")
        #expect(cluster.job(head).state == .running)
        #expect(cluster.lastEffects.cycle != nil, "the cycle that started the head")
        _ = cluster.heartbeatAll()
        #expect(cluster.lastEffects.cycle == nil, "nothing pending: no cycle ran")
    }

    @Test func aGangIsReservedOnAllItsNodesAtOnce() {
        var cluster = TestCluster()
        for name in ["n1", "n2", "n3"] { cluster.addNode(name, cpus: 4) }
        _ = cluster.submit(cpus: 4, minutes: 30)      // n1 until +30
        _ = cluster.submit(cpus: 4, minutes: 90)      // n2 until +90
        let gang = cluster.submit(cpus: 4, nodes: 2, minutes: 60)
        let reservation = cluster.scheduler.plan.reservation(of: gang)
        #expect(cluster.job(gang).state == .pending)
        #expect(reservation?.start == cluster.now + .minutes(30))
        #expect(reservation?.allocation.nodeNames.sorted() == ["n1", "n3"])
        // n3 is promised from +30: a 60-minute job may not take it now, a 20-minute one may.
        let long = cluster.submit(cpus: 1, minutes: 60)
        let short = cluster.submit(cpus: 1, minutes: 20)
        #expect(cluster.job(long).state == .pending)
        #expect(cluster.job(short).allocation?.nodeNames == ["n3"])
    }

    @Test func depthLimitsHowManyJobsGetAReservation() {
        var settings = SchedulerSettings()
        settings.backfill = BackfillPolicy(mode: .reservations, reservationDepth: 2)
        var cluster = TestCluster(settings: settings)
        cluster.addNode("cpu-01", cpus: 4)
        let submitted = cluster.now
        _ = cluster.submit(cpus: 4, minutes: 60)
        let waiting = (0..<4).map { _ in cluster.submit(cpus: 4, minutes: 60) }
        cluster.advance(by: .seconds(31))              // a full cycle re-plans the whole queue
        let reserved = waiting.filter { cluster.scheduler.plan.reservation(of: $0) != nil }
        #expect(reserved == Array(waiting.prefix(2)))
        #expect(cluster.job(waiting[0]).reason == PendingReason.resources.rawValue)
        #expect(cluster.job(waiting[3]).reason == PendingReason.priority.rawValue)
        #expect(cluster.scheduler.plan.reservation(of: waiting[1])?.start == submitted + .minutes(120))
    }

    @Test func aBeginTimeKeepsAJobWaitingUntilThen() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01", cpus: 8)
        var spec = JobSpec.make(cpus: 1)
        spec.beginTime = cluster.now + .minutes(10)
        let id = cluster.submit(spec)
        #expect(cluster.job(id).reason == PendingReason.beginTime.rawValue)
        #expect(cluster.lastEffects.wakeAt.map { $0 <= cluster.now + .minutes(10) } == true)
        cluster.setClock(cluster.now + .minutes(10))
        cluster.heartbeat("cpu-01")
        #expect(cluster.job(id).state == .running)
    }
}
