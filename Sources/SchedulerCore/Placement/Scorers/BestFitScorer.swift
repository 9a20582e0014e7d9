/// Best fit across nodes: how full the node would be with the job on it, in per cent. The fullest node that
/// fits wins, so idle nodes stay whole for gangs and exclusive jobs, and partly used nodes fill up.
///
/// The fill is the weighted mean of CPU, memory and GPU use after placement, GPUs counting double on nodes that
/// have them (they are what a GPU centre runs out of).
struct BestFitScorer: PlacementScorer {
    var weight: Int = 2
    var name: String { "BestFit" }

    func score(_ ask: PlacementAsk, _ candidate: PlacementCandidate) -> Int {
        let node = candidate.node
        let inventory = node.inventory
        let part = candidate.allocation
        var weighted: Int64 = 0
        var weights: Int64 = 0
        func add(_ used: Int64, of capacity: Int64, weight: Int64) {
            guard capacity > 0 else { return }
            weighted += min(1_000, used * 1_000 / capacity) * weight
            weights += weight
        }
        add(Int64(node.allocatedCPUs.count + part.cpus.count), of: Int64(inventory.cpuIDs.count), weight: 1)
        add(node.allocatedMemoryMB + part.memoryMB, of: inventory.memoryMB, weight: 1)
        add(Int64(node.allocatedGPUs.count + part.gpus.count), of: Int64(inventory.gpuIndices.count), weight: 2)
        guard weights > 0 else { return 0 }
        return Int((weighted / weights + 5) / 10)
    }
}
