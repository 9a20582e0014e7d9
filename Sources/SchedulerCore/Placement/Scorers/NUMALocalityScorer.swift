/// How local the allocation is: the share of its CPUs in its GPUs' NUMA domains, divided by the number of
/// domains it spans. 100 for a job whose CPUs, memory and GPUs share one domain; 50 for one split over two
/// domains; 0 for a GPU job whose CPUs are all remote.
struct NUMALocalityScorer: PlacementScorer {
    var weight: Int = 4
    var name: String { "NUMALocality" }

    func score(_ ask: PlacementAsk, _ candidate: PlacementCandidate) -> Int {
        let cpus = max(1, candidate.allocation.cpus.count)
        let spanned = max(1, candidate.allocation.numaNodes.count)
        return 100 * candidate.localCPUs / (cpus * spanned)
    }
}
