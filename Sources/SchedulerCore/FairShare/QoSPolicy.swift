/// What a QoS level means, as configuration (docs/FAIRSHARE.md §5).
public struct QoSPolicy: Hashable, Sendable, Codable {
    /// The QoS factor of the multifactor priority, in [0, 1].
    public var priority: Double
    /// Multiplies every charge of a job at this QoS (1 = full price, 0 = free).
    public var chargeMultiplier: Double
    /// Whether its charges count against budgets, and so whether a spent budget stops it. False for scavenger:
    /// budgets can then never be overrun by it, whatever its multiplier.
    public var countsAgainstBudget: Bool
    /// May be stopped and requeued when a non-preemptible job needs its resources.
    public var preemptible: Bool
    /// Starts only on capacity that no waiting job of a non-idle-only QoS can use.
    public var idleCapacityOnly: Bool
    /// Longest time limit a job at this QoS may ask for; nil: no cap beyond the scheduler's.
    public var maxWalltime: Span?
    /// A per-project cap on use of this QoS (meant for `high`); nil: none.
    public var usageLimit: QoSUsageLimit?

    public init(priority: Double, chargeMultiplier: Double = 1, countsAgainstBudget: Bool = true,
                preemptible: Bool = false, idleCapacityOnly: Bool = false, maxWalltime: Span? = nil,
                usageLimit: QoSUsageLimit? = nil) {
        self.priority = priority
        self.chargeMultiplier = chargeMultiplier
        self.countsAgainstBudget = countsAgainstBudget
        self.preemptible = preemptible
        self.idleCapacityOnly = idleCapacityOnly
        self.maxWalltime = maxWalltime
        self.usageLimit = usageLimit
    }

    private enum CodingKeys: String, CodingKey {
        case priority, chargeMultiplier, countsAgainstBudget, preemptible, idleCapacityOnly, maxWalltime, usageLimit
    }

    /// Fields a configuration leaves out take the defaults of `init`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(priority: try c.decodeIfPresent(Double.self, forKey: .priority) ?? 0.5,
                  chargeMultiplier: try c.decodeIfPresent(Double.self, forKey: .chargeMultiplier) ?? 1,
                  countsAgainstBudget: try c.decodeIfPresent(Bool.self, forKey: .countsAgainstBudget) ?? true,
                  preemptible: try c.decodeIfPresent(Bool.self, forKey: .preemptible) ?? false,
                  idleCapacityOnly: try c.decodeIfPresent(Bool.self, forKey: .idleCapacityOnly) ?? false,
                  maxWalltime: try c.decodeIfPresent(Span.self, forKey: .maxWalltime),
                  usageLimit: try c.decodeIfPresent(QoSUsageLimit.self, forKey: .usageLimit))
    }
}

/// How much of a QoS one project may use: at once, and per allocation period of the project.
public struct QoSUsageLimit: Hashable, Sendable, Codable {
    /// GPUs the project's jobs at this QoS may hold at once.
    public var maxGPUsInUsePerProject: Int?
    /// GPU-hour-equivalents (after the QoS multiplier) the project may spend at this QoS in its active budget period.
    /// Ignored for a project without budget periods.
    public var maxGPUHoursPerPeriod: Double?

    public init(maxGPUsInUsePerProject: Int? = nil, maxGPUHoursPerPeriod: Double? = nil) {
        self.maxGPUsInUsePerProject = maxGPUsInUsePerProject
        self.maxGPUHoursPerPeriod = maxGPUHoursPerPeriod
    }
}

/// The policy of every QoS level.
public struct QoSTable: Hashable, Sendable, Codable {
    public var normal: QoSPolicy
    public var high: QoSPolicy
    public var scavenger: QoSPolicy

    public init(normal: QoSPolicy, high: QoSPolicy, scavenger: QoSPolicy) {
        self.normal = normal
        self.high = high
        self.scavenger = scavenger
    }

    public subscript(qos: QoS) -> QoSPolicy {
        get {
            switch qos {
            case .normal: normal
            case .high: high
            case .scavenger: scavenger
            }
        }
        set {
            switch qos {
            case .normal: normal = newValue
            case .high: high = newValue
            case .scavenger: scavenger = newValue
            }
        }
    }

    /// The defaults (docs/FAIRSHARE.md §5): high costs double, is capped at 24 h per job and 16 GPUs per project;
    /// scavenger is free, preemptible and idle-only.
    public static let standard = QoSTable(
        normal: QoSPolicy(priority: 0.5),
        high: QoSPolicy(priority: 1, chargeMultiplier: 2, maxWalltime: Span.minutes(24 * 60),
                        usageLimit: QoSUsageLimit(maxGPUsInUsePerProject: 16)),
        scavenger: QoSPolicy(priority: 0, chargeMultiplier: 0, countsAgainstBudget: false, preemptible: true,
                             idleCapacityOnly: true))

    private enum CodingKeys: String, CodingKey { case normal, high, scavenger }

    /// A configuration that sets only some levels keeps the defaults for the others.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(normal: try c.decodeIfPresent(QoSPolicy.self, forKey: .normal) ?? QoSTable.standard.normal,
                  high: try c.decodeIfPresent(QoSPolicy.self, forKey: .high) ?? QoSTable.standard.high,
                  scavenger: try c.decodeIfPresent(QoSPolicy.self, forKey: .scavenger) ?? QoSTable.standard.scavenger)
    }
}
