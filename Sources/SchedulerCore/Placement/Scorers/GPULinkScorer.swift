/// How well the job's GPUs are connected: the weakest link's rank over 10, capped at 100 (NVLink 100, PIX 50,
/// PXB 40, PHB 30, NODE 20, SYS 10; see `NodeTopology.LinkRank`). 100 for jobs with fewer than two GPUs.
struct GPULinkScorer: PlacementScorer {
    var weight: Int = 3
    var name: String { "GPULink" }

    func score(_ ask: PlacementAsk, _ candidate: PlacementCandidate) -> Int {
        guard let weakest = candidate.weakestLink else { return 100 }
        return max(0, min(100, weakest / 10))
    }
}
