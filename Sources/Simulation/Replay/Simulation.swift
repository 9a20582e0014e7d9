import SchedulerCore

/// One what-if question: a trace, its accounts, a cluster and base settings, replayed under each policy.
public struct Simulation: Sendable {
    public var jobs: [TraceJob]
    public var map: TeamMap
    public var accounts: TraceAccounts
    public var cluster: ClusterSpec
    public var settings: SchedulerSettings
    public var options: Replay.Options

    public init(jobs: [TraceJob], map: TeamMap, cluster: ClusterSpec, settings: SchedulerSettings,
                options: Replay.Options = Replay.Options()) throws(TraceError) {
        self.jobs = jobs
        self.map = map
        self.accounts = try TraceAccounts.build(for: jobs, map: map)
        self.cluster = cluster
        self.settings = settings
        self.options = options
    }

    /// `progress`: see `Replay.run(progress:)`.
    public func replay(_ policy: SimulationPolicy, progress: (ReplayProgress) -> Void = { _ in }) -> ReplayResult {
        var replay = Replay(jobs: jobs, accounts: accounts, cluster: cluster, policy: policy, settings: settings,
                            options: options)
        return replay.run(progress: progress)
    }
}
