/// Rejects nodes without a single GPU of the requested model, before anything is counted (the most selective
/// check on a mixed centre, and the cheapest: a node has a handful of GPUs).
///
/// Models match by words, case-insensitively, the rule of `GPUModelName` (account limits use it too): the
/// request's words must appear, in order and adjacent, in the GPU's product name. So `H100`, `h100` and
/// `H100 80GB` all match `NVIDIA H100 80GB HBM3`, but `H10` does not, nor does `A100` match `A1000`. A model
/// without GPUs in the request is ignored. Node GPUs' words are computed once, in `NodeTopology`.
struct GPUModelFilter: PlacementFilter {
    var name: String { "GPUModel" }
    var stage: PlacementStage { .capability }

    func check(_ ask: PlacementAsk, on node: Node) -> PlacementRejection? {
        guard let wanted = ask.modelWords else { return nil }
        let groups = node.inventory.topology.gpuModelGroups
        return groups.contains { Self.matches(wanted, $0.words) } ? nil : .gpuModel
    }

    /// Lower-cased letter-and-digit runs: `NVIDIA A100-SXM4-80GB` → `nvidia a100 sxm4 80gb`.
    static func words(_ text: String) -> [String] { GPUModelName.words(text) }

    /// Whether `wanted` occurs as a contiguous run of `model`.
    static func matches(_ wanted: [String], _ model: [String]) -> Bool {
        guard !wanted.isEmpty, wanted.count <= model.count else { return false }
        for start in 0...(model.count - wanted.count) where model[start..<(start + wanted.count)].elementsEqual(wanted) {
            return true
        }
        return false
    }
}
