/// Selection: the job's nodes among the scored candidates. A multi-node job is a gang: it gets all its nodes in
/// one decision or none, and nothing is held for it in the meantime (so a waiting gang never idles a node).
///
/// Candidates are taken by total score, highest first, ties by node name; the first is rank 0 (MASTER_ADDR).
/// Each candidate is a different node and was allocated on its own snapshot, so the parts cannot overlap.
struct GangPlacement {
    struct Scored: Sendable {
        var candidate: PlacementCandidate
        var total: Int
    }

    /// The allocation of `count` nodes, or nil when fewer candidates fit now.
    static func select(_ count: Int, from scored: [Scored]) -> Allocation? {
        guard count > 0, scored.count >= count else { return nil }
        let best = top(count, of: scored)
        return Allocation(nodes: best.map(\.candidate.allocation))
    }

    /// The `count` best candidates in selection order, without sorting all of them when few are needed.
    static func top(_ count: Int, of scored: [Scored]) -> [Scored] {
        func precedes(_ a: Scored, _ b: Scored) -> Bool {
            a.total != b.total ? a.total > b.total : a.candidate.node.name < b.candidate.node.name
        }
        if count == 1, let best = scored.min(by: precedes) { return [best] }
        return Array(scored.sorted(by: precedes).prefix(count))
    }
}
