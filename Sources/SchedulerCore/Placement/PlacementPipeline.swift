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
    /// The occupancy stage: what must be free. The cycle, the freed-node test and the reservation planner (on
    /// its nodes as they will be) all run these, so a rule added here holds now, in reservations and in
    /// estimates.
    let occupancyFilters: [any PlacementFilter]
    let scorers: [any PlacementScorer]

    static let defaultFilters: [any PlacementFilter] = [
        PartitionFilter(), GPUModelFilter(), FeatureFilter(), CapacityFilter(mode: .ever),
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
        occupancyFilters = self.filters.filter { $0.stage == .occupancy }
        self.scorers = scorers
    }

    /// A necessary condition for `ask` on a node with these counts: every occupancy filter's count check.
    func countsAdmit(_ ask: PlacementAsk, _ counts: NodeCounts) -> Bool {
        for filter in occupancyFilters where !filter.admits(ask, counts: counts) { return false }
        return true
    }

    /// Positions (in `counts`) of the nodes whose counts admit `ask`: reservations only take more away, so no
    /// other node can take it now.
    func positionsAdmitting(_ ask: PlacementAsk, _ counts: [NodeCounts]) -> [Int] {
        counts.indices.filter { countsAdmit(ask, counts[$0]) }
    }

    /// Whether the node has enough free for the job: the occupancy stage, on the node as it is or as the
    /// planner says it will be.
    func passesOccupancy(_ ask: PlacementAsk, _ node: Node) -> Bool {
        for filter in occupancyFilters where filter.check(ask, on: node) != nil { return false }
        return true
    }

    /// Places `request` on `nodes` (sorted by name), every node through the filters: the report counts why each
    /// was turned down, and the outcome tells `never` from busy.
    func place<Nodes: RandomAccessCollection<Node>>(_ request: ResourceRequest, on nodes: Nodes) -> PlacementResult
        where Nodes.Index == Int {
        let ask = PlacementAsk(request, settings: settings)
        var report = PlacementReport()
        var capable = 0
        var available = 0
        var passing: [Int] = []
        for position in nodes.indices {
            report.nodesEvaluated += 1
            if let rejection = firstRejection(ask, nodes[position]) {
                report.record(rejection.reason)
                if rejection.stage > .capability { capable += 1 }
                if rejection.stage > .availability { available += 1 }
                continue
            }
            capable += 1
            available += 1
            passing.append(position)
        }
        let scored: [GangPlacement.Scored]
        if passing.count > request.nodes + Self.extraTrials {
            let estimates = estimate(ask, passing.map { NodeCounts(nodes[$0]) })
            scored = ranked(ask, on: nodes, candidates: passing, estimates: estimates, report: &report) { _ in true }
            report.nodesNotTried = passing.count - report.nodesFitting - report.count(.doesNotFit)
        } else {
            scored = passing.compactMap { trial(ask, nodes[$0], &report) }
        }
        let outcome: PlacementOutcome
        if capable < request.nodes {
            outcome = .never(.unsatisfiable)
        } else if available < request.nodes {
            let controlled = nodes.filter { $0.control != nil && isCapable(ask, $0) }.count
            outcome = .never(available + controlled >= request.nodes ? .nodesDrained : .nodesDown)
        } else if let allocation = GangPlacement.select(request.nodes, from: scored) {
            outcome = .placed(allocation)
        } else {
            outcome = .busy
        }
        return PlacementResult(outcome: outcome, report: report)
    }

    /// A cycle's placement of a job whose never-verdict it already has: `placed` or `busy`, with the allocation
    /// `place` would give. Only the nodes whose counts admit it (`positionsAdmitting`, positions in `nodes`) are looked at,
    /// best estimate first, each through the filters just before its exact trial, so a centre of a thousand
    /// free nodes costs a count test and an estimate per node and a trial or two, not a thousand node copies.
    func placeNow(_ ask: PlacementAsk, on nodes: NodeView, counts: [NodeCounts], mayFit: [Int]) -> PlacementOutcome {
        var report = PlacementReport()
        let estimates = estimate(ask, mayFit.map { nodes.overrides[$0].map(NodeCounts.init) ?? counts[$0] })
        let scored = ranked(ask, on: nodes, candidates: mayFit, estimates: estimates, report: &report) {
            firstRejection(ask, $0) == nil
        }
        return GangPlacement.select(ask.request.nodes, from: scored).map { .placed($0) } ?? .busy
    }

    /// Exact trials beyond the gang's size, once more nodes pass the filters than that: an exact trial costs
    /// about 10 µs a node, so a centre of 2,000 free nodes would spend 20 ms on each job.
    static let extraTrials = 16

    /// Exact allocations on `candidates` (positions in `nodes`) that `admit` lets through, the most promising
    /// first: by `estimates` (the scores that need no allocation, the others at their best, so never below a
    /// node's real total), ties by position. A batch of the gang's size + `extraTrials` at a time, until enough
    /// fit; within a batch the trials stop once no node left could beat the ones chosen, which changes nothing
    /// but the cost.
    private func ranked<Nodes: RandomAccessCollection<Node>>(
        _ ask: PlacementAsk, on nodes: Nodes, candidates: [Int], estimates: [Int], report: inout PlacementReport,
        admit: (Node) -> Bool
    ) -> [GangPlacement.Scored] where Nodes.Index == Int {
        let needed = ask.request.nodes
        let batch = needed + Self.extraTrials
        var scored: [GangPlacement.Scored] = []
        var positions: [Int] = [] // of `scored`, in `nodes`
        var order = EstimateOrder(estimates)
        var tried = 0
        while let next = order.next() {
            if scored.count >= needed {
                if tried % batch == 0 { break }
                let last = Self.lastChosen(needed, scored, positions)
                let bound = order.estimate(of: next)
                // Nodes left are in (estimate, position) order and never score above their estimate: none
                // can beat the last chosen, not even on a tie (broken by name, which is position order).
                if last.total > bound || (last.total == bound && last.position < candidates[next]) { break }
            }
            let node = nodes[candidates[next]]
            guard admit(node) else { continue }
            tried += 1
            if let candidate = trial(ask, node, &report) {
                scored.append(candidate)
                positions.append(candidates[next])
            }
        }
        return scored
    }

    private func trial(_ ask: PlacementAsk, _ node: Node, _ report: inout PlacementReport) -> GangPlacement.Scored? {
        guard let candidate = NodeAllocator.trial(ask, on: node) else {
            report.record(.doesNotFit)
            return nil
        }
        report.nodesFitting += 1
        return GangPlacement.Scored(candidate: candidate, total: total(ask, candidate))
    }

    /// The total and position of the `needed`-th node in selection order so far: the one a better node would
    /// displace.
    private static func lastChosen(_ needed: Int, _ scored: [GangPlacement.Scored], _ positions: [Int])
        -> (total: Int, position: Int) {
        let ranked = zip(scored.map(\.total), positions).map { (total: $0, position: $1) }
        func precedes(_ a: (total: Int, position: Int), _ b: (total: Int, position: Int)) -> Bool {
            a.total != b.total ? a.total > b.total : a.position < b.position
        }
        if needed == 1 { return ranked.min(by: precedes)! }
        return ranked.sorted(by: precedes)[needed - 1]
    }

    /// What the scorers that need no allocation give each node, the others counted at their best.
    private func estimate(_ ask: PlacementAsk, _ nodes: [NodeCounts]) -> [Int] {
        var totals = Array(repeating: 0, count: nodes.count)
        for scorer in scorers {
            let weight = scorer.weight
            guard let estimates = scorer.estimates(ask, nodes) else {
                for index in totals.indices { totals[index] += 100 * weight }
                continue
            }
            for index in totals.indices { totals[index] += estimates[index] * weight }
        }
        return totals
    }

    /// Why the request can never run on `nodes` as they are now (`Unsatisfiable`, `NodesDown`, or `ReqNodeNotAvail`
    /// when only an admin's drain or down keeps it off enough nodes), or nil when it can, possibly after waiting: the
    /// capability and availability stages only, no allocation.
    func neverReason<Nodes: Sequence<Node>>(_ request: ResourceRequest, on nodes: Nodes) -> PendingReason? {
        let ask = PlacementAsk(request, settings: settings)
        var capable = 0
        var available = 0
        var controlled = 0
        for node in nodes {
            switch firstRejection(ask, node, upTo: .availability)?.stage {
            case nil: capable += 1; available += 1
            case .availability?:
                capable += 1
                if node.control != nil { controlled += 1 }
            default: break
            }
            if available >= request.nodes { return nil }
        }
        if capable < request.nodes { return .unsatisfiable }
        return available + controlled >= request.nodes ? .nodesDrained : .nodesDown
    }

    /// The nodes that could run the request but an admin drained or set down, in name order (for the job's reason).
    func controlledNodes<Nodes: Sequence<Node>>(_ request: ResourceRequest, on nodes: Nodes) -> [Node] {
        let ask = PlacementAsk(request, settings: settings)
        return nodes.filter { $0.control != nil && isCapable(ask, $0) }.sorted { $0.name < $1.name }
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
