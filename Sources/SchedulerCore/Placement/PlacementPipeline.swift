/// Where a job runs: filters, then exact allocation and scorers, then selection (architecture anchors §5.4;
/// docs/PLACEMENT.md has the rules with pictures).
///
/// ```
///  request ─▶ filters ─────────────────────────▶ exact allocation ─▶ scorers ─────────▶ selection
///             capability (GPU model, capacity)     per node that       0…100 × weight    highest total,
///             availability (node state)            passed: GPU set,    best fit, NUMA,   ties by name;
///             occupancy (exclusive, free capacity) then NUMA CPUs/mem  links, GPU sparing all nodes or none
/// ```
///
/// 1. Every node goes through the filters, cheapest and most telling first within each stage; the stages run in
///    the order capability → availability → occupancy, so the first stage that leaves too few nodes names the
///    job's pending reason: `Unsatisfiable`, `NodesDown`, or busy (`Resources`).
/// 2. Each node left gets an exact trial allocation on a snapshot (`NodeAllocator`): scorers rate what the job
///    would really get (NUMA span, GPU links), not an estimate.
/// 3. `GangPlacement` takes the best `request.nodes` nodes at once or none.
///
/// Deterministic: nodes are visited in name order, every tie is broken by node name, GPU position or domain
/// id, and no `Dictionary`/`Set` order is ever used.
struct PlacementPipeline: Sendable {
    let settings: SchedulerSettings
    /// In stage order.
    let filters: [any PlacementFilter]
    let scorers: [any PlacementScorer]

    static let defaultFilters: [any PlacementFilter] = [
        GPUModelFilter(), CapacityFilter(mode: .ever),
        NodeStateFilter(),
        ExclusiveNodeFilter(), CapacityFilter(mode: .now),
    ]
    static let defaultScorers: [any PlacementScorer] = [
        NUMALocalityScorer(), GPULinkScorer(), BestFitScorer(), GPUSparingScorer(),
    ]

    init(settings: SchedulerSettings, filters: [any PlacementFilter] = Self.defaultFilters,
         scorers: [any PlacementScorer] = Self.defaultScorers) {
        self.settings = settings
        // A stable sort: the given order stands within a stage.
        self.filters = filters.enumerated().sorted { ($0.element.stage, $0.offset) < ($1.element.stage, $1.offset) }.map(\.element)
        self.scorers = scorers
    }

    /// Places `request` on `nodes` (sorted by name).
    func place<Nodes: Sequence<Node>>(_ request: ResourceRequest, on nodes: Nodes) -> PlacementResult {
        let ask = PlacementAsk(request, settings: settings)
        var report = PlacementReport()
        var capable = 0
        var available = 0
        var passing: [Node] = []
        for node in nodes {
            report.nodesEvaluated += 1
            if let rejection = firstRejection(ask, node) {
                report.record(rejection.reason)
                if rejection.stage > .capability { capable += 1 }
                if rejection.stage > .availability { available += 1 }
                continue
            }
            capable += 1
            available += 1
            passing.append(node)
        }
        let scored = trials(ask, on: passing, needed: request.nodes, report: &report)
        let outcome: PlacementOutcome
        if capable < request.nodes {
            outcome = .never(.unsatisfiable)
        } else if available < request.nodes {
            outcome = .never(.nodesDown)
        } else if let allocation = GangPlacement.select(request.nodes, from: scored) {
            outcome = .placed(allocation)
        } else {
            outcome = .busy
        }
        return PlacementResult(outcome: outcome, report: report)
    }

    /// Exact trials beyond the gang's size, once more nodes pass the filters than that: an exact trial costs
    /// about 10 µs a node, so a centre of 2,000 free nodes would spend 20 ms on each job.
    static let extraTrials = 16

    /// Exact allocations on the nodes that passed the filters. With few of them, on all; with many, on the most
    /// promising first (by the scores that need no allocation), a batch at a time, until enough fit. Nodes
    /// never tried are counted in `report.nodesNotTried`.
    private func trials(_ ask: PlacementAsk, on passing: [Node], needed: Int,
                        report: inout PlacementReport) -> [GangPlacement.Scored] {
        let batch = needed + Self.extraTrials
        // Positions, not nodes, are sorted (nodes are large values); nodes arrive in name order, so the
        // position breaks ties by name.
        var order = Array(passing.indices)
        if passing.count > batch {
            let estimates = passing.map { estimate(ask, $0) }
            order.sort { estimates[$0] != estimates[$1] ? estimates[$0] > estimates[$1] : $0 < $1 }
        }
        var scored: [GangPlacement.Scored] = []
        var next = 0
        while next < order.count, scored.count < needed || order.count <= batch {
            let end = min(order.count, next + batch)
            for position in order[next..<end] {
                let node = passing[position]
                guard let candidate = NodeAllocator.trial(ask, on: node) else {
                    report.record(.doesNotFit)
                    continue
                }
                report.nodesFitting += 1
                scored.append(GangPlacement.Scored(candidate: candidate, total: total(ask, candidate)))
            }
            next = end
        }
        report.nodesNotTried = order.count - next
        return scored
    }

    /// What the scorers that need no allocation give the node, the others counted at their best.
    private func estimate(_ ask: PlacementAsk, _ node: Node) -> Int {
        scorers.reduce(0) { $0 + max(0, min(100, $1.estimate(ask, node) ?? 100)) * $1.weight }
    }

    /// Why the request can never run on `nodes` as they are now (`Unsatisfiable` or `NodesDown`), or nil when
    /// it can, possibly after waiting: the capability and availability stages only, no allocation.
    func neverReason<Nodes: Sequence<Node>>(_ request: ResourceRequest, on nodes: Nodes) -> PendingReason? {
        let ask = PlacementAsk(request, settings: settings)
        var capable = 0
        var available = 0
        for node in nodes {
            switch firstRejection(ask, node, upTo: .availability)?.stage {
            case nil: capable += 1; available += 1
            case .availability?: capable += 1
            default: break
            }
            if available >= request.nodes { return nil }
        }
        return capable < request.nodes ? .unsatisfiable : .nodesDown
    }

    /// Whether the node could ever run the job, were it empty and up: the capability stage only.
    func isCapable(_ ask: PlacementAsk, _ node: Node) -> Bool {
        firstRejection(ask, node, upTo: .capability) == nil
    }

    /// Whether the node could take the job once enough of it is free: the capability and availability stages.
    /// Reservations are planned on such nodes only.
    func couldHost(_ ask: PlacementAsk, _ node: Node) -> Bool {
        firstRejection(ask, node, upTo: .availability) == nil
    }

    /// The sum of weighted scores.
    func total(_ ask: PlacementAsk, _ candidate: PlacementCandidate) -> Int {
        scorers.reduce(0) { $0 + max(0, min(100, $1.score(ask, candidate))) * $1.weight }
    }

    private func firstRejection(_ ask: PlacementAsk, _ node: Node, upTo last: PlacementStage = .occupancy)
        -> (reason: PlacementRejection, stage: PlacementStage)? {
        for filter in filters where filter.stage <= last {
            if let reason = filter.check(ask, on: node) { return (reason, filter.stage) }
        }
        return nil
    }
}
