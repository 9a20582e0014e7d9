/// Rejects nodes without the features of the job's `--constraint` (declared features and GPU model words): a
/// capability, honoured now, in reservations and in start estimates.
struct FeatureFilter: PlacementFilter {
    var name: String { "Feature" }
    var stage: PlacementStage { .capability }

    func check(_ ask: PlacementAsk, on node: Node) -> PlacementRejection? {
        guard let constraint = ask.request.constraint else { return nil }
        return constraint.isSatisfied(by: node.inventory.featureSet) ? nil : .missingFeature
    }
}
