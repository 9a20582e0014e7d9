/// Refuses at submit a request that no node of the centre could ever run, so it never waits forever
/// (Slurm: "Requested node configuration is not available"). A centre that has no nodes registered yet accepts
/// everything: its nodes are still coming up. Jobs already queued when nodes leave wait with `Unsatisfiable`.
struct CapabilityCheck {
    let settings: SchedulerSettings
    let nodes: [String: Node]

    func problem(with request: ResourceRequest) -> Rejection? {
        guard !nodes.isEmpty else { return nil }
        let pipeline = PlacementPipeline(settings: settings)
        let ask = PlacementAsk(request, settings: settings)
        // Stops at the first nodes that will do: a submit must not cost a pass over a large centre.
        var capable = 0
        for node in nodes.values where pipeline.isCapable(ask, node) {
            capable += 1
            if capable >= request.nodes { return nil }
        }
        let all = Array(nodes.values)
        if let words = ask.modelWords, !all.contains(where: { GPUModelFilter().check(ask, on: $0) == nil }) {
            let models = Set(all.compactMap(\.inventory.gpuModel)).sorted()
            return Rejection(.invalidRequest, "no node has GPUs of model \"\(words.joined(separator: " "))\"",
                             hint: models.isEmpty ? "this centre has no GPUs"
                                 : "models here: \(models.joined(separator: ", "))")
        }
        return Rejection(.invalidRequest, "no \(request.nodes == 1 ? "node" : "\(request.nodes) nodes") of this centre "
                         + "could ever run this request (\(Self.describe(request))); "
                         + "the largest node has \(Self.largest(all))",
                         hint: "ask for fewer CPUs, GPUs, memory or nodes")
    }

    static func describe(_ r: ResourceRequest) -> String {
        var parts = ["\(r.cpusPerNode) CPUs"]
        if r.gpusPerNode > 0 { parts.append("\(r.gpusPerNode) GPUs" + (r.gpuModel.map { " \($0)" } ?? "")) }
        if r.memoryMBPerNode > 0 { parts.append("\(r.memoryMBPerNode / 1024) GiB") }
        return parts.joined(separator: ", ") + (r.nodes > 1 ? " on each of \(r.nodes) nodes" : " on one node")
    }

    private static func largest(_ nodes: [Node]) -> String {
        let cpus = nodes.map(\.inventory.cpuIDs.count).max() ?? 0
        let gpus = nodes.map(\.inventory.gpuIndices.count).max() ?? 0
        let memory = nodes.map(\.inventory.memoryMB).max() ?? 0
        return "\(cpus) CPUs, \(gpus) GPUs, \(memory / 1024) GiB (\(nodes.count) nodes in all)"
    }
}
