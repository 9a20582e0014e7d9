/// Turns time on resources into GPU-hour-equivalents (docs/FAIRSHARE.md §4):
///
///     rate      = GPUs × w_gpu(model) + CPUs × w_cpu + GiB × w_mem        (GPU-hour-equivalents per hour)
///     gpuHours  = rate × m_qos × (to − from) / 1 h
///
/// Running jobs are charged as they run: the engine charges each running job at every accounting tick for the
/// interval since its last charge, and once more when it ends (`ChargeMeter` keeps the "since"). Charges for
/// adjacent intervals add up to the charge for their union, so tick length changes nothing but ledger granularity.
public struct Charger: Hashable, Sendable {
    public var weights: BillingWeights
    public var qos: QoSTable

    public init(weights: BillingWeights = .gpuOnly, qos: QoSTable = .standard) {
        self.weights = weights
        self.qos = qos
    }

    static let millisecondsPerHour = 3_600_000.0

    /// The charge of `job` for [from, to), or nil for an empty (or backwards) interval.
    public func charge(_ job: ChargeableJob, from: Instant, to: Instant) -> UsageCharge? {
        guard to > from else { return nil }
        let policy = qos[job.qos]
        let rate = weights.rate(of: job.resources)
        let hours = Double((to - from).milliseconds) / Self.millisecondsPerHour
        return UsageCharge(job: job.id, project: job.project, user: job.user, qos: job.qos, from: from, to: to,
                           rate: rate, multiplier: policy.chargeMultiplier,
                           gpuHours: rate * policy.chargeMultiplier * hours,
                           countsAgainstBudget: policy.countsAgainstBudget)
    }

    /// What `resources` at `qos` would cost over `span` (e.g. a job's time limit): for `aisubmit` estimates and
    /// budget runway.
    public func cost(of resources: ChargeableResources, qos level: QoS, over span: Span) -> Double {
        weights.rate(of: resources) * qos[level].chargeMultiplier * Double(span.milliseconds) / Self.millisecondsPerHour
    }
}

/// A running job, as charging sees it.
public struct ChargeableJob: Hashable, Sendable, Codable {
    public var id: JobID
    public var project: String
    public var user: String
    public var qos: QoS
    public var resources: ChargeableResources
    /// When it started: where charging begins if it was never charged.
    public var startedAt: Instant

    public init(id: JobID, project: String, user: String, qos: QoS, resources: ChargeableResources, startedAt: Instant) {
        self.id = id
        self.project = project
        self.user = user
        self.qos = qos
        self.resources = resources
        self.startedAt = startedAt
    }
}
