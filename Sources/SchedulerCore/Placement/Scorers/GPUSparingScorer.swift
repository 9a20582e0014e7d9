/// Keeps jobs without GPUs off nodes whose GPUs are free, so those GPUs keep the CPUs and memory GPU jobs need:
/// 100 on a node without GPUs or with all of them in use, down to 0 on a node whose GPUs are all free. Every
/// node scores 100 for a GPU job (no preference).
struct GPUSparingScorer: PlacementScorer {
    var weight: Int = 2
    var name: String { "GPUSparing" }

    func score(_ ask: PlacementAsk, _ candidate: PlacementCandidate) -> Int {
        estimate(ask, NodeCounts(candidate.node)) ?? 100
    }

    func estimate(_ ask: PlacementAsk, _ node: NodeCounts) -> Int? {
        guard ask.gpus == 0, node.gpus > 0 else { return 100 }
        return min(100, 100 * node.allocatedGPUs / node.gpus)
    }
}
