/// Whether the node has enough CPUs, GPUs (of the requested model) and memory: in total (`.ever`, a capability
/// check) or free now (`.now`, an occupancy check).
///
/// Only totals are compared, never the NUMA shape: a request that does not fit in the GPUs' NUMA domains
/// spills to other domains rather than waiting, so totals decide feasibility and NUMA decides quality (see
/// `NUMAPlacement`). The free-CPU count is `cpus − allocated`, O(1); the exact allocation checks CPU by CPU.
struct CapacityFilter: PlacementFilter {
    enum Mode: Sendable { case ever, now }
    let mode: Mode

    var name: String { mode == .ever ? "Capacity" : "FreeCapacity" }
    var stage: PlacementStage { mode == .ever ? .capability : .occupancy }

    func check(_ ask: PlacementAsk, on node: Node) -> PlacementRejection? {
        let inventory = node.inventory
        let memory = ask.memoryMB(on: inventory)
        let cpus = ask.cpus(on: inventory)
        switch mode {
        case .ever:
            if inventory.cpuIDs.count < cpus { return .tooFewCPUs }
            if ask.gpus > 0, ask.eligibleGPUCounts(on: node).total < ask.gpus { return .tooFewGPUs }
            if inventory.memoryMB < memory { return .tooLittleMemory }
        case .now:
            if inventory.cpuIDs.count - node.allocatedCPUs.count < cpus { return .cpusBusy }
            if ask.gpus > 0, ask.eligibleGPUCounts(on: node).free < ask.gpus { return .gpusBusy }
            if node.freeMemoryMB < memory { return .memoryBusy }
        }
        return nil
    }

    /// `.now` on counts: free CPUs, free GPUs (counts of the requested model where the caller knows them, else
    /// of any model) and free memory.
    func admits(_ ask: PlacementAsk, counts: NodeCounts) -> Bool {
        guard mode == .now else { return true }
        return counts.freeCPUs >= ask.cpus(threadsPerCore: counts.threadsPerCore) && counts.freeGPUs >= ask.gpus
            && counts.freeMemoryMB >= ask.memoryMB(onNodeOf: counts.memoryMB)
    }
}
