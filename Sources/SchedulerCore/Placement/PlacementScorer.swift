/// A preference among nodes that can all take the job now: the second stage of `PlacementPipeline`.
///
/// A scorer looks at one candidate (the node and the exact allocation it would give) and returns 0…100, higher
/// is better (k8s's `MaxScore`). The pipeline adds `score × weight` over all scorers; the highest total wins,
/// ties go to the node name that sorts first.
protocol PlacementScorer: Sendable {
    var name: String { get }
    var weight: Int { get }
    /// MUST be in 0...100 and depend only on its arguments.
    func score(_ ask: PlacementAsk, _ candidate: PlacementCandidate) -> Int
    /// The score from the node's counts and the request alone, before any exact allocation, for scorers that do not
    /// need one (nil otherwise: the pipeline then assumes the best). Lets the pipeline try the most promising
    /// nodes first on a large centre.
    func estimate(_ ask: PlacementAsk, _ node: NodeCounts) -> Int?
    /// `estimate` of many nodes in one call, clamped to 0...100 (one dynamic call per placement, not per node);
    /// nil for a scorer without estimates.
    func estimates(_ ask: PlacementAsk, _ nodes: [NodeCounts]) -> [Int]?
}

extension PlacementScorer {
    func estimate(_ ask: PlacementAsk, _ node: NodeCounts) -> Int? { nil }

    func estimates(_ ask: PlacementAsk, _ nodes: [NodeCounts]) -> [Int]? {
        guard let first = nodes.first, estimate(ask, first) != nil else { return nodes.isEmpty ? [] : nil }
        return nodes.map { max(0, min(100, estimate(ask, $0) ?? 100)) }
    }
}
