/// One row of the usage ledger: what one job cost over one interval. The store persists it (append-only) as part of
/// the same commit as the tick that produced it; replaying the rows rebuilds `AccountingBook`.
public struct UsageCharge: Hashable, Sendable, Codable {
    public var job: JobID
    public var project: String
    public var user: String
    public var qos: QoS
    /// The charged interval [from, to).
    public var from: Instant
    public var to: Instant
    /// GPU-hour-equivalents per hour of the job's resources (billing weights), before the QoS multiplier.
    public var rate: Double
    /// The QoS multiplier applied.
    public var multiplier: Double
    /// What is charged: rate × multiplier × hours of [from, to).
    public var gpuHours: Double
    /// Whether the amount counts against budgets (fixed when charged, so a later QoS change does not rewrite history).
    public var countsAgainstBudget: Bool

    public init(job: JobID, project: String, user: String, qos: QoS, from: Instant, to: Instant, rate: Double,
                multiplier: Double, gpuHours: Double, countsAgainstBudget: Bool) {
        self.job = job
        self.project = project
        self.user = user
        self.qos = qos
        self.from = from
        self.to = to
        self.rate = rate
        self.multiplier = multiplier
        self.gpuHours = gpuHours
        self.countsAgainstBudget = countsAgainstBudget
    }

    public var key: UsageKey { UsageKey(project: project, user: user) }

    public var duration: Span { to - from }
}
