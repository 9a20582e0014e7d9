/// Best fit across nodes: how full the node would be with the job on it, in per cent. The fullest node that
/// fits wins, so idle nodes stay whole for gangs and exclusive jobs, and partly used nodes fill up.
///
/// The fill is the weighted mean of CPU, memory and GPU use after placement, GPUs counting double on nodes that
/// have them (they are what a GPU centre runs out of).
struct BestFitScorer: PlacementScorer {
    var weight: Int = 2
    var name: String { "BestFit" }

    func score(_ ask: PlacementAsk, _ candidate: PlacementCandidate) -> Int {
        let part = candidate.allocation
        return Self.fill(NodeCounts(candidate.node), cpus: part.cpus.count, memoryMB: part.memoryMB,
                         gpus: part.gpus.count)
    }

    /// Exact: what the job takes is known from the request (all of the node for an exclusive job).
    func estimate(_ ask: PlacementAsk, _ node: NodeCounts) -> Int? {
        if ask.exclusive { return Self.fill(node, cpus: node.cpus, memoryMB: node.memoryMB, gpus: node.gpus) }
        return Self.fill(node, cpus: ask.cpus(threadsPerCore: node.threadsPerCore), memoryMB: ask.memoryMB(onNodeOf: node.memoryMB), gpus: ask.gpus)
    }

    private static func fill(_ node: NodeCounts, cpus: Int, memoryMB: Int64, gpus: Int) -> Int {
        var weighted: Int64 = 0
        var weights: Int64 = 0
        func add(_ used: Int64, of capacity: Int64, weight: Int64) {
            guard capacity > 0 else { return }
            weighted += min(1_000, used * 1_000 / capacity) * weight
            weights += weight
        }
        add(Int64(node.allocatedCPUs + cpus), of: Int64(node.cpus), weight: 1)
        add(node.allocatedMemoryMB + memoryMB, of: node.memoryMB, weight: 1)
        add(Int64(node.allocatedGPUs + gpus), of: Int64(node.gpus), weight: 2)
        guard weights > 0 else { return 0 }
        return Int((weighted / weights + 5) / 10)
    }
}
