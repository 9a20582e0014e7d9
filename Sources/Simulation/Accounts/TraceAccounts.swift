import SchedulerCore

/// The accounts a replay runs under: the registry built from the trace's labels through a `TeamMap`, and for each
/// job who submits it and where.
public struct TraceAccounts: Sendable {
    public struct Submitter: Hashable, Sendable {
        public var user: String
        public var project: String
        /// Replaces the job's own GPU model request when the mapping sets one.
        public var gpuModel: String?
    }

    public var registry: AccountRegistry
    /// Per job of the trace (same order): nil when its label is dropped.
    public var submitters: [Submitter?]

    /// Each project's fraction of the centre: its share among its scheme's projects times its scheme's share among
    /// schemes (the Fair Tree's target, docs/FAIRSHARE.md).
    public var effectiveShares: [String: Double] {
        let schemeTotal = Double(registry.schemes.values.reduce(0) { $0 + $1.shares })
        var inScheme: [String: Int] = [:]
        for project in registry.projects.values { inScheme[project.scheme, default: 0] += project.shares }
        return registry.projects.mapValues { project in
            let scheme = Double(registry.schemes[project.scheme]?.shares ?? 1) / max(schemeTotal, 1)
            return scheme * Double(project.shares) / Double(max(inScheme[project.scheme] ?? 1, 1))
        }
    }

    /// Builds the registry: every project that has jobs, its users as members, the schemes they name.
    public static func build(for jobs: [TraceJob], map: TeamMap) throws(TraceError) -> TraceAccounts {
        var projects: [String: Project] = [:]
        var members: [String: Set<String>] = [:]
        var submitters: [Submitter?] = []
        for job in jobs {
            guard let team = map.team(job.team) else { submitters.append(nil); continue }
            let name = sanitized(team.project ?? job.team)
            let user = sanitized(job.user.isEmpty ? "u-" + job.team : job.user)
            if projects[name] == nil {
                let limits = AccountLimits(maxGPUsInUse: team.maxGPUsInUse, maxRunningJobs: team.maxRunningJobs)
                projects[name] = Project(name: name, scheme: team.scheme ?? map.defaultScheme, displayName: job.team,
                                         shares: team.shares ?? 1, limits: limits)
            }
            members[name, default: []].insert(user)
            submitters.append(Submitter(user: user, project: name, gpuModel: team.gpuModel))
        }
        for name in projects.keys { projects[name]?.members = members[name, default: []].sorted() }
        let schemeNames = Set(projects.values.map(\.scheme))
        let schemes = schemeNames.sorted().map { FundingScheme(name: $0, shares: map.schemes?[$0]?.shares ?? 1) }
        let registry = AccountRegistry(schemes: schemes, projects: projects.keys.sorted().compactMap { projects[$0] })
        if let problem = registry.validate() {
            throw .badFile(reason: "the team mapping gives invalid accounts: \(problem.message)")
        }
        return TraceAccounts(registry: registry, submitters: submitters)
    }

    /// Account names may not hold spaces or `/`; trace labels sometimes do.
    static func sanitized(_ label: String) -> String {
        String(label.map { $0.isWhitespace || $0 == "/" ? "_" : $0 }.prefix(64))
    }
}
