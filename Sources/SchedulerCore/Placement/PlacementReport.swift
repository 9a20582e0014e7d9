/// Why nodes were turned down for a job, counted per reason (Nomad's `AllocMetric`, k8s's `NodeToStatus`).
///
/// A node is counted once, under the first filter that rejected it (filters run in pipeline order), so the
/// counts add up to `nodesEvaluated − nodesFitting − nodesNotTried`. The edge turns them into sentences such as "4 nodes have
/// too few free GPUs, 2 are down".
public struct PlacementReport: Hashable, Sendable {
    public var nodesEvaluated: Int = 0
    /// Nodes that passed every filter and got an exact allocation.
    public var nodesFitting: Int = 0
    /// Nodes that passed every filter but were not tried: enough better-estimated ones fitted first.
    public var nodesNotTried: Int = 0
    public var rejections: [PlacementRejection: Int] = [:]

    public init() {}

    public func count(_ reason: PlacementRejection) -> Int { rejections[reason] ?? 0 }

    mutating func record(_ reason: PlacementRejection) { rejections[reason, default: 0] += 1 }
}
