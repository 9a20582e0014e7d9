/// What one job cost over one interval: a tick's charge, or a row of the usage ledger folding a job's contiguous
/// charges at one price (`LedgerRows`). The store persists rows in the same commit as the tick that produced them,
/// keyed by job and `from` (a row's later ticks update it); replaying the rows rebuilds `AccountingBook`.
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
    /// What fair share adds at `to`: each folded charge's amount decayed from its own end to `to`. Equal to `gpuHours`
    /// for a single charge (and for ledger rows written before rows were folded).
    public var decayedGPUHours: Double

    public init(job: JobID, project: String, user: String, qos: QoS, from: Instant, to: Instant, rate: Double,
                multiplier: Double, gpuHours: Double, countsAgainstBudget: Bool, decayedGPUHours: Double? = nil) {
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
        self.decayedGPUHours = decayedGPUHours ?? gpuHours
    }

    private enum CodingKeys: String, CodingKey {
        case job, project, user, qos, from, to, rate, multiplier, gpuHours, countsAgainstBudget, decayedGPUHours
    }

    /// Charges encoded before rows were folded have no decayed amount: it is their amount.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(job: try c.decode(JobID.self, forKey: .job), project: try c.decode(String.self, forKey: .project),
                  user: try c.decode(String.self, forKey: .user), qos: try c.decode(QoS.self, forKey: .qos),
                  from: try c.decode(Instant.self, forKey: .from), to: try c.decode(Instant.self, forKey: .to),
                  rate: try c.decode(Double.self, forKey: .rate), multiplier: try c.decode(Double.self, forKey: .multiplier),
                  gpuHours: try c.decode(Double.self, forKey: .gpuHours),
                  countsAgainstBudget: try c.decode(Bool.self, forKey: .countsAgainstBudget),
                  decayedGPUHours: try c.decodeIfPresent(Double.self, forKey: .decayedGPUHours))
    }

    public var key: UsageKey { UsageKey(project: project, user: user) }

    public var duration: Span { to - from }
}
