import Testing
@testable import SchedulerCore

@Suite("Preemption of scavenger jobs")
struct PreemptionTests {
    @Test func aNormalJobPreemptsAScavengerJobWhichIsRequeuedAndRunsAgainLater() {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", cpus: 16, gpus: 4)
        let scavenger = cluster.submit(cpus: 8, gpus: 4, minutes: 600, qos: "scavenger")
        #expect(cluster.job(scavenger).state == .running)

        let normal = cluster.submit(cpus: 8, gpus: 4, minutes: 60)
        #expect(cluster.job(normal).state == .pending)
        #expect(cluster.kills(of: scavenger).map(\.node) == ["gpu-01"])
        #expect(cluster.job(scavenger).preemption == Preemption(by: normal, at: cluster.now))
        #expect(cluster.job(scavenger).state == .running)     // its processes still hold the GPUs
        let reservation = cluster.scheduler.plan.reservation(of: normal)
        #expect(reservation?.start == cluster.now + cluster.settings.killWait)
        #expect(reservation?.after == [scavenger])

        // The agent reports the scavenger job gone (SIGTERM): it is requeued, not failed, and the normal job starts.
        cluster.advance(by: .seconds(3))
        cluster.exit(scavenger, on: "gpu-01", code: 143, signal: 15)
        #expect(cluster.job(scavenger).state == .pending)
        #expect(cluster.job(scavenger).history.last?.reason == "Requeued: preempted by job \(normal)")
        #expect(cluster.job(scavenger).allocation == nil)
        #expect(cluster.job(scavenger).preemption == nil)
        #expect(cluster.job(normal).state == .running)
        #expect(cluster.job(normal).allocation?.nodes.first?.gpus == [0, 1, 2, 3])

        // Once the normal job ends, the scavenger job runs again.
        cluster.setClock(cluster.now + .minutes(5))
        cluster.heartbeat("gpu-01")
        cluster.exit(normal, on: "gpu-01")
        #expect(cluster.job(scavenger).state == .running)
        #expect(cluster.launches(of: scavenger).count == 2)
    }

    @Test func noPreemptionWhenTheResourcesFreeUpSoonAnyway() {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", cpus: 16, gpus: 4)
        _ = cluster.submit(cpus: 8, gpus: 4, minutes: 60)              // a normal job, not preemptible
        let scavenger = cluster.submit(cpus: 8, gpus: 0, minutes: 600, qos: "scavenger")
        let normal = cluster.submit(cpus: 8, gpus: 4, minutes: 60)
        #expect(cluster.job(normal).state == .pending)
        // The GPUs are held by a normal job: preempting the CPU-only scavenger job would not help.
        #expect(cluster.kills(of: scavenger).isEmpty)
    }

    @Test func scavengerJobsDoNotPreemptEachOther() {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", cpus: 16, gpus: 4)
        let first = cluster.submit(cpus: 8, gpus: 4, minutes: 600, qos: "scavenger")
        let second = cluster.submit(cpus: 8, gpus: 4, minutes: 60, qos: "scavenger")
        #expect(cluster.job(second).state == .pending)
        #expect(cluster.kills(of: first).isEmpty)
    }
}
