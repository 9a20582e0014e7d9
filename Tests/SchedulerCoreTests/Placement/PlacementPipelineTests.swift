import Testing
@testable import SchedulerCore

@Suite("Placement pipeline")
struct PlacementPipelineTests {
    static let pipeline = PlacementPipeline(settings: SchedulerSettings())

    static func request(cpus: Int = 1, gpus: Int = 0, nodes: Int = 1, model: String? = nil,
                        exclusive: Bool = false) -> ResourceRequest {
        ResourceRequest(nodes: nodes, cpusPerNode: cpus, gpusPerNode: gpus, gpuModel: model, exclusive: exclusive)
    }

    /// dgx-01 up with GPUs 0-6 busy, dgx-02 down, cpu-01 up and idle, a100-01 drained.
    static let nodes: [Node] = {
        var down = Node.up("dgx-02", .dgxH100())
        down.status = .down
        down.connected = false
        var drained = Node.up("a100-01", .make(domains: 1, coresPerDomain: 8, gpusPerDomain: 4, gpuModel: "A100"))
        drained.control = NodeControl(state: .drain, reason: "maintenance", by: "ops", at: .zero)
        return [drained, Node.up("cpu-01", .make(domains: 2, coresPerDomain: 16)),
                Node.up("dgx-01", .dgxH100()).holding(gpus: Array(0..<7)), down]
    }()

    @Test func filtersRunInStageOrderWhateverOrderTheyAreGiven() {
        let pipeline = PlacementPipeline(settings: SchedulerSettings(),
                                         filters: [CapacityFilter(mode: .now), NodeStateFilter(), GPUModelFilter(),
                                                   ExclusiveNodeFilter(), CapacityFilter(mode: .ever)])
        #expect(pipeline.filters.map(\.name) == ["GPUModel", "Capacity", "NodeState", "FreeCapacity", "ExclusiveNode"])
        #expect(Self.pipeline.filters.map(\.stage) == [.capability, .capability, .capability, .capability, .availability,
                                                        .occupancy, .occupancy])
        #expect(Self.pipeline.filters.prefix(4).map(\.name) == ["Partition", "GPUModel", "Feature", "Capacity"])
    }

    struct OutcomeCase: Sendable, CustomTestStringConvertible {
        var request: ResourceRequest
        var nodes: [String]?
        var never: PendingReason?
        var testDescription: String {
            "\(request.nodes)×(\(request.cpusPerNode) CPUs, \(request.gpusPerNode) \(request.gpuModel ?? "any") GPUs) → "
                + (nodes.map { $0.joined(separator: ",") } ?? never.map(\.rawValue) ?? "busy")
        }
    }

    @Test(arguments: [
        OutcomeCase(request: request(gpus: 1), nodes: ["dgx-01"]),
        OutcomeCase(request: request(gpus: 2), nodes: nil, never: nil),                         // busy: 1 GPU free
        OutcomeCase(request: request(gpus: 1, model: "A100"), nodes: nil, never: .nodesDrained), // drained
        OutcomeCase(request: request(gpus: 1, model: "B200"), nodes: nil, never: .unsatisfiable),
        OutcomeCase(request: request(gpus: 8, nodes: 2), nodes: nil, never: .nodesDown),         // dgx-02 down
        OutcomeCase(request: request(gpus: 1, nodes: 4), nodes: nil, never: .unsatisfiable),
        // Best fit: the DGX with 7 of 8 GPUs busy is fuller than the idle CPU node, which stays whole.
        OutcomeCase(request: request(cpus: 4), nodes: ["dgx-01"]),
        OutcomeCase(request: request(cpus: 4, nodes: 2), nodes: ["dgx-01", "cpu-01"]),
        OutcomeCase(request: request(cpus: 300), nodes: nil, never: .unsatisfiable),
        OutcomeCase(request: request(exclusive: true), nodes: ["cpu-01"]),
        OutcomeCase(request: request(nodes: 2, exclusive: true), nodes: nil, never: nil),        // dgx-01 is not idle
    ])
    func outcomesFollowTheFirstStageThatLeavesTooFewNodes(_ c: OutcomeCase) {
        let result = Self.pipeline.place(c.request, on: Self.nodes)
        switch (result.outcome, c.nodes, c.never) {
        case let (.placed(allocation), nodes?, _): #expect(allocation.nodeNames == nodes)
        case let (.never(reason), nil, expected?): #expect(reason == expected)
        case (.busy, nil, nil): break
        default: Issue.record("got \(result.outcome)")
        }
        // The cheap never-check agrees with the full pipeline.
        let never: PendingReason? = if case .never(let reason) = result.outcome { reason } else { nil }
        #expect(Self.pipeline.neverReason(c.request, on: Self.nodes) == never)
    }

    @Test func theReportCountsEachNodeUnderItsFirstRejection() {
        let report = Self.pipeline.place(Self.request(gpus: 2, model: "H100"), on: Self.nodes).report
        #expect(report.nodesEvaluated == 4)
        #expect(report.nodesFitting == 0)
        #expect(report.count(.gpuModel) == 2)          // cpu-01 and a100-01
        #expect(report.count(.nodeDown) == 1)
        #expect(report.count(.gpusBusy) == 1)
        #expect(report.rejections.values.reduce(0, +) == report.nodesEvaluated - report.nodesFitting)

        let placed = Self.pipeline.place(Self.request(cpus: 2), on: Self.nodes).report
        #expect(placed.nodesFitting == 2)
        #expect(placed.count(.nodeDrained) == 1 && placed.count(.nodeDown) == 1)
    }

    @Test func theContextMemoisesNeverReasonsPerShapeForTheCycle() {
        var context = PlacementContext(nodes: Dictionary(uniqueKeysWithValues: Self.nodes.map { ($0.name, $0) }))
        #expect(context.nodes.map(\.name) == ["a100-01", "cpu-01", "dgx-01", "dgx-02"])
        let request = Self.request(gpus: 1, model: "A100")
        #expect(context.neverReason(request, Self.pipeline) == .nodesDrained)
        // The same shape with another time limit shares the verdict.
        var later = request
        later.timeLimit = .minutes(5)
        #expect(context.neverReason(later, Self.pipeline) == .nodesDrained)
        #expect(context.neverReason(Self.request(gpus: 1), Self.pipeline) == nil)
    }

    @Test func placementIsDeterministicWhateverTheDictionaryOrder() {
        // Eight identical idle nodes: ties go to the lowest name, every time.
        let names = (1...8).map { "n\($0)" }
        var nodes: [String: Node] = [:]
        for name in names.reversed() { nodes[name] = Node.up(name, .dgxH100()) }
        let context = PlacementContext(nodes: nodes)
        for _ in 0..<3 {
            let outcome = Self.pipeline.place(Self.request(cpus: 8, gpus: 1, nodes: 3), on: context.nodes).outcome
            #expect(outcome == .placed(Allocation(nodes: ["n1", "n2", "n3"].map {
                NodeAllocation(node: $0, cpus: [0, 1, 2, 3, 112, 113, 114, 115], gpus: [0], numaNodes: [0],
                               memoryMB: 8_192, numaMemoryMB: [8_192])
            })))
        }
    }

    @Test func aBetterConnectedNodeWinsAMultiGPUJob() throws {
        let a40 = Node.up("a-a40", try .a40NVLinkPairs())
        let pcie = Node.up("b-pcie", .make(domains: 2, coresPerDomain: 48, memoryMBPerDomain: 256_000, gpusPerDomain: 4))
        let outcome = Self.pipeline.place(Self.request(cpus: 8, gpus: 2), on: [a40, pcie]).outcome
        #expect(outcome == .placed(Allocation(nodes: [NodeAllocatorCheck.part(on: "a-a40", gpus: [0, 1])])))
        // For one GPU, the link does not matter: the nodes tie and the name decides.
        let one = Self.pipeline.place(Self.request(cpus: 8, gpus: 1), on: [pcie, a40]).outcome
        guard case .placed(let allocation) = one else { Issue.record("\(one)"); return }
        #expect(allocation.nodeNames == ["a-a40"])
    }

    @Test func anIdleGPUNodeIsSparedForCPUJobsWhenACPUNodeFits() {
        let outcome = Self.pipeline.place(Self.request(cpus: 4), on: [Node.up("a-dgx", .dgxH100()),
                                                                       Node.up("b-cpu", .make(domains: 2, coresPerDomain: 16))]).outcome
        guard case .placed(let allocation) = outcome else { Issue.record("\(outcome)"); return }
        #expect(allocation.nodeNames == ["b-cpu"])
    }

    @Test func aNodeWithLocalCPUsBeatsOneWhereTheGPUsCPUsAreTaken() {
        let dgx = NodeTopology.dgxH100()
        let domain0 = dgx.cores.filter { $0.numaDomain == 0 }.flatMap(\.cpus)
        // On a-dgx only GPU 0 is free and its domain has no CPUs left; b-dgx is idle.
        let crowded = Node.up("a-dgx", dgx).holding(cpus: domain0, gpus: Array(1..<8))
        let outcome = Self.pipeline.place(Self.request(cpus: 8, gpus: 1), on: [crowded, Node.up("b-dgx", dgx)]).outcome
        guard case .placed(let allocation) = outcome else { Issue.record("\(outcome)"); return }
        #expect(allocation.nodeNames == ["b-dgx"])
    }
}

/// The allocation the pipeline makes for an 8-CPU job with the given GPUs of NUMA 0 on an 8 × A40 node.
enum NodeAllocatorCheck {
    static func part(on node: String, gpus: [Int]) -> NodeAllocation {
        NodeAllocation(node: node, cpus: [0, 1, 2, 3, 96, 97, 98, 99], gpus: gpus, numaNodes: [0], memoryMB: 8_192,
                       numaMemoryMB: [8_192])
    }
}
