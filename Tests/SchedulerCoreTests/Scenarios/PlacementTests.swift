import Testing
@testable import SchedulerCore

@Suite("Gangs, exclusive nodes and GPU models")
struct PlacementTests {
    @Test func gangWaitsWhileOneNodeIsBusyThenStartsOnAllNodesAtOnce() {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", cpus: 8, gpus: 4)
        cluster.addNode("gpu-02", cpus: 8, gpus: 4)
        let blocker = cluster.submit(cpus: 8, gpus: 4)
        #expect(cluster.job(blocker).allocation?.nodeNames == ["gpu-01"])

        let gang = cluster.submit(cpus: 4, gpus: 4, nodes: 2)
        #expect(cluster.job(gang).state == .pending)
        #expect(cluster.job(gang).reason == PendingReason.resources.rawValue)
        // All or nothing: the free node is not held for the gang in the meantime.
        #expect(cluster.job(gang).allocation == nil)
        #expect(cluster.node("gpu-02").isIdle)
        #expect(cluster.node("gpu-02").allocatedCPUs.isEmpty)
        #expect(cluster.launches(of: gang).isEmpty)

        let fx = cluster.exit(blocker, on: "gpu-01")
        #expect(fx.launches == [Launch(gang, on: "gpu-01"), Launch(gang, on: "gpu-02")])
        #expect(fx.stateChanges[gang] == [.running])
        let job = cluster.job(gang)
        #expect(job.state == .running)
        #expect(job.reason == "Allocated gpu-01,gpu-02")
        #expect(job.activeNodes == ["gpu-01", "gpu-02"])
        #expect(job.allocation == Allocation(nodes: [
            NodeAllocation(node: "gpu-01", cpus: [0, 1, 2, 3], gpus: [0, 1, 2, 3], numaNodes: [0], memoryMB: 4 * 1024,
                           numaMemoryMB: [4 * 1024]),
            NodeAllocation(node: "gpu-02", cpus: [0, 1, 2, 3], gpus: [0, 1, 2, 3], numaNodes: [0], memoryMB: 4 * 1024,
                           numaMemoryMB: [4 * 1024]),
        ]))
        #expect(job.allocation?.rank(of: "gpu-01") == 0)
        #expect(job.allocation?.rank(of: "gpu-02") == 1)
    }

    @Test func gangSkipsNodesThatAreFullAndUsesTheNextOnes() {
        var cluster = TestCluster()
        for name in ["n1", "n2", "n3", "n4"] { cluster.addNode(name, cpus: 4) }
        let filler = cluster.submit(cpus: 4)          // takes n1
        let gang = cluster.submit(cpus: 3, nodes: 3)
        #expect(cluster.job(filler).allocation?.nodeNames == ["n1"])
        #expect(cluster.job(gang).allocation?.nodeNames == ["n2", "n3", "n4"])
        #expect(cluster.launches(of: gang).map(\.node) == ["n2", "n3", "n4"])
    }

    @Test func exclusiveJobWaitsForAnIdleNodeAndTakesAllOfIt() {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", cpus: 8, memoryMB: 64_000, gpus: 4)
        let small = cluster.submit(cpus: 1, minutes: 60)
        let exclusive = cluster.submit(cpus: 1, exclusive: true, minutes: 60)
        let after = cluster.submit(cpus: 1, minutes: 120)   // would overlap the exclusive job's reservation
        #expect(cluster.job(exclusive).reason == PendingReason.resources.rawValue)
        #expect(cluster.job(after).state == .pending)

        cluster.exit(small, on: "gpu-01")
        #expect(cluster.job(exclusive).state == .running)
        #expect(cluster.job(exclusive).allocation?.nodes == [
            NodeAllocation(node: "gpu-01", cpus: Array(0..<8), gpus: [0, 1, 2, 3], numaNodes: [0], memoryMB: 64_000,
                           numaMemoryMB: [64_000]),
        ])
        // Nothing else shares the node while the exclusive job holds it.
        #expect(cluster.job(after).state == .pending)
        #expect(cluster.job(after).reason == PendingReason.resources.rawValue)
        #expect(cluster.node("gpu-01").jobs == [exclusive])

        cluster.exit(exclusive, on: "gpu-01")
        #expect(cluster.job(after).state == .running)
    }

    @Test func exclusiveGangNeedsEveryNodeIdle() {
        var cluster = TestCluster()
        cluster.addNode("n1", cpus: 4)
        cluster.addNode("n2", cpus: 4)
        let tiny = cluster.submit(cpus: 1)
        let gang = cluster.submit(nodes: 2, exclusive: true)
        #expect(cluster.job(gang).state == .pending)
        cluster.exit(tiny, on: "n1")
        #expect(cluster.job(gang).state == .running)
        #expect(cluster.node("n1").freeCPUs.isEmpty && cluster.node("n2").freeCPUs.isEmpty)
    }

    struct ModelCase: Sendable, CustomTestStringConvertible {
        var gpus: Int
        var model: String?
        /// The node it runs on, or nil when no node could ever run it (refused at submit).
        var node: String?
        var testDescription: String { "\(gpus) × \(model ?? "any") → \(node ?? "Unsatisfiable")" }
    }

    @Test(arguments: [
        ModelCase(gpus: 1, model: "H100", node: "h100-01"),
        ModelCase(gpus: 1, model: "h100", node: "h100-01"),      // model names compare case-insensitively
        ModelCase(gpus: 1, model: "A100", node: "a100-01"),
        ModelCase(gpus: 1, model: nil, node: "h100-01"),         // any model: best fit, the node with fewer GPUs
        ModelCase(gpus: 1, model: "B200", node: nil),
        ModelCase(gpus: 8, model: "H100", node: nil),            // the H100 node has only 2
        ModelCase(gpus: 0, model: "B200", node: "plain-01"),     // ignored without GPUs; CPU jobs spare GPU nodes
    ])
    func gpuModelFilterChoosesTheNode(_ c: ModelCase) {
        var cluster = TestCluster()
        cluster.addNode("a100-01", cpus: 8, gpus: 8, gpuModel: "A100")
        cluster.addNode("h100-01", cpus: 8, gpus: 2, gpuModel: "H100")
        cluster.addNode("plain-01", cpus: 8)
        let submitted = cluster.trySubmit(.make(gpus: c.gpus, gpuModel: c.model))
        if let node = c.node {
            let id = (try? submitted.get()) ?? JobID(0)
            #expect(cluster.job(id).state == .running)
            #expect(cluster.launches(of: id) == [Launch(id, on: node)])
        } else {
            #expect((try? submitted.get()) == nil)
        }
    }

    @Test func gpuJobWaitsForItsModelEvenWhenOtherGPUsAreFree() {
        var cluster = TestCluster()
        cluster.addNode("a100-01", gpus: 4, gpuModel: "A100")
        cluster.addNode("h100-01", gpus: 4, gpuModel: "H100")
        let first = cluster.submit(gpus: 4, gpuModel: "H100")
        let second = cluster.submit(gpus: 1, gpuModel: "H100")
        #expect(cluster.job(first).allocation?.nodeNames == ["h100-01"])
        #expect(cluster.job(second).reason == PendingReason.resources.rawValue)
        #expect(cluster.node("a100-01").isIdle)
    }
}
