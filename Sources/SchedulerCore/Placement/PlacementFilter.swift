/// A feasibility check of one node for one job: the first stage of `PlacementPipeline`.
///
/// Filters MUST be cheap (no whole-node scans: counts, flags, the node's few GPUs) because they run on every
/// node for every job considered; the exact allocation runs only on nodes that pass them all.
protocol PlacementFilter: Sendable {
    /// For reports and tests.
    var name: String { get }
    /// What a rejection by this filter means for the job, which decides when it runs (see `PlacementStage`).
    var stage: PlacementStage { get }
    /// nil when the node passes.
    func check(_ ask: PlacementAsk, on node: Node) -> PlacementRejection?
    /// The same rule on the node's numbers alone (`NodeCounts`, as they are now or, in the reservation planner,
    /// as they will be at some instant): false only where `check` would reject the node. The cycle and the
    /// planner test thousands of nodes and instants this way before they copy a node; a filter that cannot say
    /// anything from counts admits every node and is honoured by `check` on the exact trial's node.
    func admits(_ ask: PlacementAsk, counts: NodeCounts) -> Bool
}

extension PlacementFilter {
    func admits(_ ask: PlacementAsk, counts: NodeCounts) -> Bool { true }
}

/// The filter stages, in the order they run. A job's pending reason follows from the first stage that leaves
/// fewer nodes than it needs: `capability` → `Unsatisfiable`, `availability` → `NodesDown`, `occupancy` → busy
/// (`Resources`).
enum PlacementStage: Int, Comparable, Sendable {
    /// Could the node run the job if it were empty and up? Depends only on its inventory.
    case capability
    /// Is the node up, connected and in service?
    case availability
    /// Is enough of it free now?
    case occupancy

    static func < (lhs: PlacementStage, rhs: PlacementStage) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Why a filter turned a node down.
public enum PlacementRejection: String, Hashable, Sendable, CaseIterable {
    // Capability: never on this node.
    /// It has no GPU of the requested model.
    case gpuModel = "GPUModel"
    /// It is not in any of the job's partitions.
    case notInPartition = "NotInPartition"
    /// It lacks a feature the job's `--constraint` needs.
    case missingFeature = "MissingFeature"
    case tooFewCPUs = "TooFewCPUs"
    case tooFewGPUs = "TooFewGPUs"
    case tooLittleMemory = "TooLittleMemory"
    // Availability: not until the node comes back.
    case nodeDown = "NodeDown"
    case nodeDrained = "NodeDrained"
    case nodeDisconnected = "NodeDisconnected"
    // Occupancy: not now.
    /// An exclusive job needs the node idle.
    case nodeNotIdle = "NodeNotIdle"
    case cpusBusy = "CPUsBusy"
    case gpusBusy = "GPUsBusy"
    case memoryBusy = "MemoryBusy"
    /// The free totals suffice but no exact allocation does: CPUs or per-domain memory held outside what the
    /// node reports now (it re-registered with different hardware while jobs ran).
    case doesNotFit = "DoesNotFit"
}
