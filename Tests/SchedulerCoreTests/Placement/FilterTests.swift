import Testing
@testable import SchedulerCore

@Suite("Placement filters")
struct FilterTests {
    static let settings = SchedulerSettings()
    static let dgx = Node.up("dgx-01", .dgxH100())

    static func ask(cpus: Int = 1, memoryMB: Int64 = 0, gpus: Int = 0, model: String? = nil,
                    exclusive: Bool = false) -> PlacementAsk {
        PlacementAsk(ResourceRequest(cpusPerNode: cpus, memoryMBPerNode: memoryMB, gpusPerNode: gpus, gpuModel: model,
                                     exclusive: exclusive), settings: settings)
    }

    // MARK: GPUModelFilter

    struct ModelCase: Sendable, CustomTestStringConvertible {
        var wanted: String
        var model: String
        var matches: Bool
        var testDescription: String { "\(wanted) \(matches ? "matches" : "does not match") \(model)" }
    }

    @Test(arguments: [
        ModelCase(wanted: "H100", model: "NVIDIA H100 80GB HBM3", matches: true),
        ModelCase(wanted: "h100", model: "NVIDIA H100 80GB HBM3", matches: true),
        ModelCase(wanted: "H100 80GB", model: "NVIDIA H100 80GB HBM3", matches: true),
        ModelCase(wanted: "nvidia-h100", model: "NVIDIA H100 80GB HBM3", matches: true),
        ModelCase(wanted: "NVIDIA H100 80GB HBM3", model: "NVIDIA H100 80GB HBM3", matches: true),
        ModelCase(wanted: "H10", model: "NVIDIA H100 80GB HBM3", matches: false),
        ModelCase(wanted: "80GB H100", model: "NVIDIA H100 80GB HBM3", matches: false),
        ModelCase(wanted: "A100", model: "NVIDIA A100-SXM4-80GB", matches: true),
        ModelCase(wanted: "A100", model: "NVIDIA RTX A1000", matches: false),
        ModelCase(wanted: "A100", model: "A100", matches: true),
    ])
    func gpuModelsMatchByWholeWords(_ c: ModelCase) {
        #expect(GPUModelFilter.matches(GPUModelFilter.words(c.wanted), GPUModelFilter.words(c.model)) == c.matches)
    }

    @Test func gpuModelFilterRejectsNodesWithoutTheModelAndIgnoresModelsWithoutGPUs() {
        let filter = GPUModelFilter()
        #expect(filter.stage == .capability)
        #expect(filter.check(Self.ask(gpus: 1, model: "H100"), on: Self.dgx) == nil)
        #expect(filter.check(Self.ask(gpus: 1, model: "A100"), on: Self.dgx) == .gpuModel)
        #expect(filter.check(Self.ask(gpus: 0, model: "A100"), on: Self.dgx) == nil)
        #expect(filter.check(Self.ask(gpus: 1), on: Self.dgx) == nil)
        let cpuNode = Node.up("cpu-01", .make(domains: 1, coresPerDomain: 4))
        #expect(filter.check(Self.ask(gpus: 1, model: "A100"), on: cpuNode) == .gpuModel)
    }

    @Test func aMixedNodeOffersOnlyTheGPUsOfTheRequestedModel() {
        let topology = NodeTopology(
            numaDomains: [.init(id: 0, memoryMB: 32_000)], cores: (0..<8).map { .init(cpus: [$0], numaDomain: 0) },
            gpus: [.init(index: 0, model: "NVIDIA GeForce GTX 1080 Ti", numaDomain: 0),
                   .init(index: 1, model: "NVIDIA GeForce GTX 1060 6GB", numaDomain: 0),
                   .init(index: 2, model: "NVIDIA GeForce GTX 1080 Ti", numaDomain: 0)])
        let node = Node.up("mixed", topology)
        #expect(Self.ask(gpus: 2, model: "1080 Ti").eligibleGPUs(on: topology) == [0, 2])
        #expect(CapacityFilter(mode: .ever).check(Self.ask(gpus: 2, model: "1080 Ti"), on: node) == nil)
        #expect(CapacityFilter(mode: .ever).check(Self.ask(gpus: 2, model: "1060"), on: node) == .tooFewGPUs)
        let placed = NodeAllocator.trial(Self.ask(gpus: 1, model: "1060"), on: node)
        #expect(placed?.allocation.gpus == [1])
    }

    // MARK: CapacityFilter

    struct CapacityCase: Sendable, CustomTestStringConvertible {
        var cpus: Int
        var memoryMB: Int64
        var gpus: Int
        var ever: PlacementRejection?
        var now: PlacementRejection?
        var testDescription: String { "\(cpus) CPUs, \(memoryMB) MB, \(gpus) GPUs" }
    }

    /// On a DGX H100 whose GPUs 0-5, 200 of its 224 CPUs and 1.5 TiB of its 2 TiB are taken.
    @Test(arguments: [
        CapacityCase(cpus: 24, memoryMB: 500_000, gpus: 2, ever: nil, now: nil),
        CapacityCase(cpus: 25, memoryMB: 0, gpus: 0, ever: nil, now: .cpusBusy),
        CapacityCase(cpus: 1, memoryMB: 0, gpus: 3, ever: nil, now: .gpusBusy),
        CapacityCase(cpus: 1, memoryMB: 600_000, gpus: 0, ever: nil, now: .memoryBusy),
        CapacityCase(cpus: 225, memoryMB: 0, gpus: 0, ever: .tooFewCPUs, now: .cpusBusy),
        CapacityCase(cpus: 1, memoryMB: 0, gpus: 9, ever: .tooFewGPUs, now: .gpusBusy),
        CapacityCase(cpus: 1, memoryMB: 3_000_000, gpus: 0, ever: .tooLittleMemory, now: .memoryBusy),
    ])
    func capacityComparesTotalsEverAndFreeNow(_ c: CapacityCase) {
        let node = Self.dgx.holding(cpus: Array(0..<200), gpus: Array(0..<6),
                                    memoryMBByDomain: [0: 1_048_576, 1: 524_288])
        let ask = Self.ask(cpus: c.cpus, memoryMB: c.memoryMB, gpus: c.gpus)
        #expect(CapacityFilter(mode: .ever).check(ask, on: node) == c.ever)
        #expect(CapacityFilter(mode: .now).check(ask, on: node) == c.now)
        #expect(CapacityFilter(mode: .ever).stage == .capability)
        #expect(CapacityFilter(mode: .now).stage == .occupancy)
    }

    @Test func defaultMemoryIsPerCPUCappedAtTheNode() {
        let node = Node.up("small", .make(domains: 1, coresPerDomain: 8, threadsPerCore: 1, memoryMBPerDomain: 4_000))
        #expect(Self.ask(cpus: 2).memoryMB(on: node.inventory) == 2_048)
        #expect(Self.ask(cpus: 8).memoryMB(on: node.inventory) == 4_000)
        #expect(Self.ask(cpus: 8, memoryMB: 100).memoryMB(on: node.inventory) == 100)
        #expect(CapacityFilter(mode: .ever).check(Self.ask(cpus: 8), on: node) == nil)
    }

    // MARK: NodeStateFilter

    @Test(arguments: [
        (NodeStatus.up, true, NodeControl.State?.none, PlacementRejection?.none),
        (.up, false, nil, .nodeDisconnected),
        (.down, false, nil, .nodeDown),
        (.up, true, .drain, .nodeDrained),
        (.down, false, .drain, .nodeDrained),   // the admin's order wins over liveness
        (.up, true, .down, .nodeDown),
    ])
    func onlyUpConnectedNodesInServiceAreAvailable(status: NodeStatus, connected: Bool, control: NodeControl.State?,
                                                   expected: PlacementRejection?) {
        var node = Self.dgx
        node.status = status
        node.connected = connected
        node.control = control.map { NodeControl(state: $0, reason: "maintenance", by: "ops", at: .zero) }
        #expect(NodeStateFilter().check(Self.ask(), on: node) == expected)
        #expect(NodeStateFilter().stage == .availability)
    }

    // MARK: ExclusiveNodeFilter

    @Test func exclusiveJobsNeedAnIdleNode() {
        let busy = Self.dgx.holding(cpus: [0])
        let filter = ExclusiveNodeFilter()
        #expect(filter.stage == .occupancy)
        #expect(filter.check(Self.ask(exclusive: true), on: Self.dgx) == nil)
        #expect(filter.check(Self.ask(exclusive: true), on: busy) == .nodeNotIdle)
        #expect(filter.check(Self.ask(), on: busy) == nil)
    }

    @Test func anExclusiveJobTakesTheWholeNodeWithEveryDomainsMemory() {
        let part = NodeAllocator.trial(Self.ask(cpus: 1, exclusive: true), on: Self.dgx)?.allocation
        #expect(part?.cpus == Array(0..<224))
        #expect(part?.gpus == Array(0..<8))
        #expect(part?.numaNodes == [0, 1])
        #expect(part?.numaMemoryMB == [1_048_576, 1_048_576])
        #expect(part?.memoryMB == 2_097_152)
    }
}
