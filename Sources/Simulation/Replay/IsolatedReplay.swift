import SchedulerCore

/// The Helios protocol (`--isolate`): every project replayed alone on its own nodes, no borrowing, so each queue
/// is its own FIFO (in one shared core a strict FIFO head blocks every team behind it). A project's nodes are the
/// groups whose GPU model its map entry's `gpuModel` matches; the outcomes are merged into one result over the
/// whole cluster.
extension Simulation {
    /// `progress` counts over the whole trace: the projects replayed before add their jobs and core calls (their
    /// queues are empty by then), and only the last project's end is reported as finished. The virtual clock starts
    /// again with each project.
    public func replayIsolated(_ policy: SimulationPolicy,
                               progress: (ReplayProgress) -> Void = { _ in }) throws(TraceError) -> ReplayResult {
        var merged = ReplayResult(policy: policy, outcomes: [], rejected: [:], neverStarted: 0,
                                  projectShares: accounts.effectiveShares, totalGPUs: cluster.totalGPUs,
                                  totalCPUs: cluster.totalCPUs, handleCalls: 0)
        let projects = jobsByProject()
        let total = projects.reduce(0) { $0 + $1.1.count }
        var submittedBefore = 0
        for (number, (project, indices)) in projects.enumerated() {
            let part = try partition(project, indices)
            let callsBefore = merged.handleCalls
            let result = part.replay(policy) { standing in
                var standing = standing
                standing.submitted += submittedBefore
                standing.total = total
                standing.coreCalls += callsBefore
                standing.finished = standing.finished && number == projects.count - 1
                progress(standing)
            }
            submittedBefore += indices.count
            merged.outcomes += result.outcomes.map { outcome in
                var outcome = outcome
                outcome.index = indices[outcome.index]
                return outcome
            }
            merged.rejected.merge(result.rejected, uniquingKeysWith: +)
            merged.neverStarted += result.neverStarted
            merged.handleCalls += result.handleCalls
        }
        merged.outcomes.sort { $0.index < $1.index }
        return merged
    }

    /// Trace positions of each project's jobs, projects by name.
    private func jobsByProject() -> [(String, [Int])] {
        var groups: [String: [Int]] = [:]
        for (index, submitter) in accounts.submitters.enumerated() {
            if let submitter { groups[submitter.project, default: []].append(index) }
        }
        return groups.sorted { $0.key < $1.key }
    }

    private func partition(_ project: String, _ indices: [Int]) throws(TraceError) -> Simulation {
        guard let model = accounts.submitters[indices[0]]?.gpuModel else {
            throw .badFile(reason: "isolating project \(project) needs a gpuModel in the team map naming its nodes")
        }
        let own = cluster.groups.filter { group in group.topology.gpuModel.map { GPUModelName.matches(model, $0) } ?? false }
        guard !own.isEmpty else { throw .badFile(reason: "no node group has a GPU model matching \(model) (project \(project))") }
        var part = self
        part.jobs = indices.map { jobs[$0] }
        part.accounts = try TraceAccounts.build(for: part.jobs, map: map)
        part.cluster = ClusterSpec(groups: own)
        return part
    }
}
