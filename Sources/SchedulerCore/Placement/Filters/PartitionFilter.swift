/// Rejects nodes outside the job's partitions (`--partition`): a capability, like a GPU model, so it holds for
/// starting now, for reservations and for start estimates alike.
struct PartitionFilter: PlacementFilter {
    var name: String { "Partition" }
    var stage: PlacementStage { .capability }

    func check(_ ask: PlacementAsk, on node: Node) -> PlacementRejection? {
        guard let allowed = ask.partitionNodes else { return nil }
        return allowed.contains(node.inventory.name) ? nil : .notInPartition
    }
}
