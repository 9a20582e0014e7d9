import Testing
@testable import SchedulerCore

/// The core decides what each node of a job is told to do; schedd only ships it.
@Suite struct LaunchPlanTests {
    static func twoNodeJob(script: String?) -> (TestCluster, JobID) {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", gpus: 4)
        cluster.addNode("gpu-02", gpus: 4)
        var spec = JobSpec.make(script: script, cpus: 2, gpus: 2, nodes: 2, timeLimit: Span(milliseconds: 90_500))
        spec.warningSignal = WarningSignal(signal: 10, secondsBefore: 60, batchShellOnly: true)
        let id = cluster.submit(spec)
        return (cluster, id)
    }

    @Test func everyNodeOfACommandJobRunsItAndMeetsAtRankZerosAddress() throws {
        let (cluster, id) = Self.twoNodeJob(script: nil)
        let job = cluster.job(id)
        let second = try #require(job.launchPlan(on: "gpu-02", nodes: cluster.state.nodes))
        #expect(second.rank == 1)
        #expect(second.nodeList == ["gpu-01", "gpu-02"])
        #expect(second.masterAddress == "gpu-01.cluster.local", "rank 0's registered address, not its name")
        #expect(second.masterPort == JobEnvironment.masterPort(of: id))
        #expect(second.environment.contains("MASTER_ADDR=gpu-01.cluster.local"))
        #expect(second.environment.contains("NODE_RANK=1"))
        #expect(!second.holdsForSteps, "a command after -- runs on every node")
        #expect(!second.truncatesOutput, "two nodes append to one file")
        #expect(second.timeLimitSeconds == 91, "rounded up: the agent never cuts a job short")
        #expect(second.warningSignal?.signal == 10)
        #expect(second.epoch == job.epoch)
        #expect(second.gpus.count == 2 && second.cpus.count == 2)
        #expect(job.launchPlan(on: "gpu-03", nodes: cluster.state.nodes) == nil, "not a node of the job")
    }

    @Test func aBatchScriptRunsItsBodyOnTheFirstNodeOnly() throws {
        let (cluster, id) = Self.twoNodeJob(script: "#!/bin/sh\nsrun hostname\n")
        let job = cluster.job(id)
        let first = try #require(job.launchPlan(on: "gpu-01", nodes: cluster.state.nodes))
        let second = try #require(job.launchPlan(on: "gpu-02", nodes: cluster.state.nodes))
        #expect(!first.holdsForSteps && first.truncatesOutput, "the body runs once and opens its output as sbatch")
        #expect(second.holdsForSteps && !second.truncatesOutput, "the other node holds its share for srun")
    }

    @Test func aPendingJobHasNoPlan() {
        var cluster = TestCluster()
        cluster.addNode("cpu-01")
        cluster.submit(cpus: 8)
        let id = cluster.submit(cpus: 8)
        #expect(cluster.job(id).state == .pending)
        #expect(cluster.job(id).launchPlan(on: "cpu-01", nodes: cluster.state.nodes) == nil)
    }
}
