/// A funded research project: the account jobs are charged to, under one funding scheme.
public struct Project: Hashable, Sendable, Codable {
    public var name: String
    public var scheme: String
    public var displayName: String
    /// Fair-share weight among the scheme's other projects; MUST be > 0.
    public var shares: Int
    public var members: [String]
    /// Fair-share weight of a member among the project's members; members not listed have 1 (equal shares).
    public var memberShares: [String: Int]
    /// Allocation periods (non-overlapping). Empty: no budget, the project is limited only by its scheme's.
    public var budgets: [BudgetPeriod]
    public var limits: AccountLimits
    /// From this instant on, no job of the project starts (QuotaLimit). nil: open-ended.
    public var expires: Instant?

    public init(name: String, scheme: String, displayName: String = "", shares: Int = 1, members: [String] = [],
                memberShares: [String: Int] = [:], budgets: [BudgetPeriod] = [], limits: AccountLimits = .unlimited,
                expires: Instant? = nil) {
        self.name = name
        self.scheme = scheme
        self.displayName = displayName
        self.shares = shares
        self.members = members
        self.memberShares = memberShares
        self.budgets = budgets
        self.limits = limits
        self.expires = expires
    }

    /// `user`'s fair-share weight in this project (1 unless set).
    public func shares(of user: String) -> Int { memberShares[user] ?? 1 }

    private enum CodingKeys: String, CodingKey {
        case name, scheme, displayName, shares, members, memberShares, budgets, limits, expires
    }

    /// Fields added after the first release decode to their defaults, so older JSON still loads.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decode(String.self, forKey: .name),
                  scheme: try c.decode(String.self, forKey: .scheme),
                  displayName: try c.decodeIfPresent(String.self, forKey: .displayName) ?? "",
                  shares: try c.decodeIfPresent(Int.self, forKey: .shares) ?? 1,
                  members: try c.decodeIfPresent([String].self, forKey: .members) ?? [],
                  memberShares: try c.decodeIfPresent([String: Int].self, forKey: .memberShares) ?? [:],
                  budgets: try c.decodeIfPresent([BudgetPeriod].self, forKey: .budgets) ?? [],
                  limits: try c.decodeIfPresent(AccountLimits.self, forKey: .limits) ?? .unlimited,
                  expires: try c.decodeIfPresent(Instant.self, forKey: .expires))
    }
}
