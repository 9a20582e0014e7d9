/// The fair-share, charging and priority configuration of a centre, as one value the shell passes in (the engine's
/// settings hold it; the core never reads a file). Every field has a default, and a configuration that sets only
/// some fields keeps the defaults for the rest.
public struct AccountingPolicy: Hashable, Sendable, Codable {
    public var billing: BillingWeights
    public var qos: QoSTable
    /// Usage counts half after this long (docs/FAIRSHARE.md §3); nil: never decays.
    public var usageHalfLife: Span?
    public var priorityWeights: PriorityWeights
    /// A pending job reaches the full age factor after this long.
    public var maxAge: Span
    /// How often running jobs are charged: bounds how far a budget can be overrun (one interval of a project's
    /// running jobs) and how many ledger rows a job writes.
    public var accountingInterval: Span
    /// The window over which budget burn rates are measured.
    public var burnRateWindow: Span

    public init(billing: BillingWeights = .gpuOnly, qos: QoSTable = .standard, usageHalfLife: Span? = Span.minutes(7 * 24 * 60),
                priorityWeights: PriorityWeights = PriorityWeights(), maxAge: Span = Span.minutes(7 * 24 * 60),
                accountingInterval: Span = .minutes(1), burnRateWindow: Span = Span.minutes(24 * 60)) {
        self.billing = billing
        self.qos = qos
        self.usageHalfLife = usageHalfLife
        self.priorityWeights = priorityWeights
        self.maxAge = maxAge
        self.accountingInterval = accountingInterval
        self.burnRateWindow = burnRateWindow
    }

    public var charger: Charger { Charger(weights: billing, qos: qos) }

    private enum CodingKeys: String, CodingKey {
        case billing, qos, usageHalfLife, priorityWeights, maxAge, accountingInterval, burnRateWindow
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = AccountingPolicy()
        self.init(billing: try c.decodeIfPresent(BillingWeights.self, forKey: .billing) ?? defaults.billing,
                  qos: try c.decodeIfPresent(QoSTable.self, forKey: .qos) ?? defaults.qos,
                  usageHalfLife: c.contains(.usageHalfLife)
                      ? try c.decodeIfPresent(Span.self, forKey: .usageHalfLife) : defaults.usageHalfLife,
                  priorityWeights: try c.decodeIfPresent(PriorityWeights.self, forKey: .priorityWeights)
                      ?? defaults.priorityWeights,
                  maxAge: try c.decodeIfPresent(Span.self, forKey: .maxAge) ?? defaults.maxAge,
                  accountingInterval: try c.decodeIfPresent(Span.self, forKey: .accountingInterval)
                      ?? defaults.accountingInterval,
                  burnRateWindow: try c.decodeIfPresent(Span.self, forKey: .burnRateWindow) ?? defaults.burnRateWindow)
    }

    /// Refuses settings that would make the formulas meaningless.
    public func validate() -> Rejection? {
        func bad(_ message: String) -> Rejection { Rejection(.invalidRequest, message) }
        if let halfLife = usageHalfLife, halfLife.milliseconds <= 0 { return bad("usageHalfLife must be > 0 (or absent: no decay)") }
        if accountingInterval.milliseconds <= 0 { return bad("accountingInterval must be > 0") }
        if burnRateWindow.milliseconds <= 0 { return bad("burnRateWindow must be > 0") }
        if maxAge.milliseconds < 0 { return bad("maxAge must be ≥ 0") }
        let weights = [billing.perGPU, billing.perCPU, billing.perGiB] + billing.perGPUModel.values
        if weights.contains(where: { !$0.isFinite || $0 < 0 }) { return bad("billing weights must be finite and ≥ 0") }
        for level in QoS.allCases {
            let policy = qos[level]
            if !(0...1).contains(policy.priority) { return bad("QoS \(level.rawValue): priority must be in [0, 1]") }
            if !policy.chargeMultiplier.isFinite || policy.chargeMultiplier < 0 {
                return bad("QoS \(level.rawValue): chargeMultiplier must be finite and ≥ 0")
            }
        }
        let p = priorityWeights
        if [p.fairShare, p.age, p.size, p.qos].contains(where: { !$0.isFinite || $0 < 0 }) {
            return bad("priority weights must be finite and ≥ 0")
        }
        return nil
    }
}
