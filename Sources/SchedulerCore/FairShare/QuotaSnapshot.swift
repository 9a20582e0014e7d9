/// What every account holds and has left at one instant: the input of `QuotaCheck`, built once per scheduling cycle
/// and updated with `admit(_:)` as the cycle starts jobs, so the second job of a project in one cycle sees the first.
/// A value: copying it is a free what-if.
public struct QuotaSnapshot: Hashable, Sendable {
    public private(set) var inUse: [AccountRef: AccountInUse]
    public private(set) var budgets: [AccountRef: BudgetState]

    /// - Parameters:
    ///   - running: every running job (all QoS levels: limits count scavenger jobs too).
    ///   - usage: budget totals as of the last accounting tick.
    public init(accounts: AccountRegistry, running: [QuotaRequest], usage: BudgetUsage, at now: Instant) {
        inUse = [:]
        budgets = [:]
        for scheme in accounts.schemes.keys {
            let ref = AccountRef.scheme(scheme)
            budgets[ref] = usage.state(of: ref, periods: accounts.budgets(of: ref), at: now)
        }
        for project in accounts.projects.keys {
            let ref = AccountRef.project(project)
            budgets[ref] = usage.state(of: ref, periods: accounts.budgets(of: ref), at: now)
        }
        // Thousands of running jobs fall into a few (project, QoS) groups: walk each account path once per group.
        var groups: [Group: (gpus: Int, jobs: Int)] = [:]
        for job in running {
            let key = Group(project: job.project, qos: job.qos)
            groups[key, default: (0, 0)].gpus += job.gpus
            groups[key, default: (0, 0)].jobs += 1
        }
        for (group, sum) in groups {
            for ref in Self.path(of: group.project, accounts: accounts) {
                add(sum.gpus, jobs: sum.jobs, qos: group.qos, to: ref)
            }
        }
    }

    private struct Group: Hashable {
        var project: String
        var qos: QoS
    }

    /// Counts a job that starts (or runs) against its project and scheme.
    public mutating func admit(_ job: QuotaRequest, accounts: AccountRegistry) {
        for ref in Self.path(of: job.project, accounts: accounts) { add(job.gpus, jobs: 1, qos: job.qos, to: ref) }
    }

    /// In place: copying an entry out and back would copy its per-QoS dictionary each time.
    private mutating func add(_ gpus: Int, jobs: Int, qos: QoS, to ref: AccountRef) {
        inUse[ref, default: AccountInUse()].gpus += gpus
        inUse[ref, default: AccountInUse()].runningJobs += jobs
        inUse[ref, default: AccountInUse()].gpusByQoS[qos, default: 0] += gpus
    }

    /// Stops counting a job that stopped running (the inverse of `admit`).
    public mutating func release(_ job: QuotaRequest, accounts: AccountRegistry) {
        for ref in Self.path(of: job.project, accounts: accounts) {
            guard var entry = inUse[ref] else { continue }
            entry.gpus -= job.gpus
            entry.runningJobs -= 1
            entry.gpusByQoS[job.qos, default: 0] -= job.gpus
            if entry.gpusByQoS[job.qos] == 0 { entry.gpusByQoS[job.qos] = nil }
            inUse[ref] = entry.runningJobs <= 0 ? nil : entry
        }
    }

    public func inUse(_ account: AccountRef) -> AccountInUse { inUse[account] ?? AccountInUse() }

    /// `.unlimited` for an account the snapshot does not know.
    public func budget(_ account: AccountRef) -> BudgetState { budgets[account] ?? .unlimited }

    /// Without accounts set up, jobs still have a project name: count it, so QoS limits per project still work.
    static func path(of project: String, accounts: AccountRegistry) -> [AccountRef] {
        let path = accounts.accountPath(ofProject: project)
        return path.isEmpty ? [.project(project)] : path
    }
}

/// What one account's running jobs hold.
public struct AccountInUse: Hashable, Sendable, Codable {
    public var gpus: Int = 0
    public var runningJobs: Int = 0
    public var gpusByQoS: [QoS: Int] = [:]

    public init(gpus: Int = 0, runningJobs: Int = 0, gpusByQoS: [QoS: Int] = [:]) {
        self.gpus = gpus
        self.runningJobs = runningJobs
        self.gpusByQoS = gpusByQoS
    }
}

/// A job as quota checks see it.
public struct QuotaRequest: Hashable, Sendable, Codable {
    public var project: String
    public var qos: QoS
    /// GPUs over all its nodes.
    public var gpus: Int
    /// nil: any model.
    public var gpuModel: String?
    /// The time limit it runs with (the engine substitutes the scheduler's default for "none").
    public var timeLimit: Span?

    public init(project: String, qos: QoS = .normal, gpus: Int, gpuModel: String? = nil, timeLimit: Span? = nil) {
        self.project = project
        self.qos = qos
        self.gpus = gpus
        self.gpuModel = gpuModel
        self.timeLimit = timeLimit
    }
}
