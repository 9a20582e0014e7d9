/// A funding scheme (e.g. an AI subsidy scheme, an InnoHK lab cluster) that funds projects: the top level of the
/// accounts tree, whose `shares` divide the centre between schemes and whose budgets and limits cap all its
/// projects together.
public struct FundingScheme: Hashable, Sendable, Codable {
    public var name: String
    public var displayName: String
    /// Fair-share weight among the other schemes; MUST be > 0.
    public var shares: Int
    /// Allocation periods (non-overlapping). Empty: the scheme sets no budget of its own.
    public var budgets: [BudgetPeriod]
    public var limits: AccountLimits
    /// From this instant on, no job of the scheme starts (QuotaLimit). nil: open-ended.
    public var expires: Instant?

    public init(name: String, displayName: String = "", shares: Int = 1, budgets: [BudgetPeriod] = [],
                limits: AccountLimits = .unlimited, expires: Instant? = nil) {
        self.name = name
        self.displayName = displayName
        self.shares = shares
        self.budgets = budgets
        self.limits = limits
        self.expires = expires
    }

    private enum CodingKeys: String, CodingKey { case name, displayName, shares, budgets, limits, expires }

    /// Fields added after the first release decode to their defaults, so older JSON still loads.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decode(String.self, forKey: .name),
                  displayName: try c.decodeIfPresent(String.self, forKey: .displayName) ?? "",
                  shares: try c.decodeIfPresent(Int.self, forKey: .shares) ?? 1,
                  budgets: try c.decodeIfPresent([BudgetPeriod].self, forKey: .budgets) ?? [],
                  limits: try c.decodeIfPresent(AccountLimits.self, forKey: .limits) ?? .unlimited,
                  expires: try c.decodeIfPresent(Instant.self, forKey: .expires))
    }
}
