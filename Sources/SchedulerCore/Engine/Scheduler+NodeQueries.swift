/// What the centre's nodes look like to a researcher (`aisubmit nodes`, Slurm's sinfo). Nodes show no job, so every
/// user and admin may ask.
extension Scheduler {
    /// Every node, or the ones named, sorted by name. Names that are not nodes are refused all at once, with the
    /// nodes there are, rather than left out of a shorter list.
    public func nodeReports(named names: [String] = []) -> Result<[NodeReport], Rejection> {
        let unknown = Set(names).filter { state.nodes[$0] == nil }.sorted()
        guard unknown.isEmpty else {
            let known = state.nodes.keys.sorted()
            return .failure(Rejection(.notFound,
                                      "no node named " + unknown.joined(separator: ", "),
                                      hint: known.isEmpty ? "no node has registered yet"
                                          : "the nodes are " + Hostlist.compress(known)))
        }
        let wanted = names.isEmpty ? Array(state.nodes.values) : Set(names).compactMap { state.nodes[$0] }
        return .success(wanted.map { NodeReport($0, partitions: settings.partitions) }.sorted { $0.name < $1.name })
    }
}
