/// One allocation period of a grant: from `start` (inclusive) to `end` (exclusive) the account may use `gpuHours`
/// GPU-hour-equivalents (see `BillingWeights`). Quarterly grants are four periods.
///
/// Periods of one account MUST NOT overlap (`AccountRegistry.validate()` refuses them), so at any instant at most
/// one period is active. Between periods, and before the first or after the last, an account that has periods has
/// no allocation at all: its normal and high jobs wait with `BudgetExhausted`, scavenger jobs still run.
public struct BudgetPeriod: Hashable, Sendable, Codable {
    public var start: Instant
    public var end: Instant
    public var gpuHours: Double
    /// The unused part of this period's allocation is added to the next period of the same account. Off by default:
    /// grants are use-it-or-lose-it unless the funder says otherwise. Only what is left over carries: an overrun
    /// never becomes a debt.
    public var rollover: Bool

    public init(start: Instant, end: Instant, gpuHours: Double, rollover: Bool = false) {
        self.start = start
        self.end = end
        self.gpuHours = gpuHours
        self.rollover = rollover
    }

    public func contains(_ instant: Instant) -> Bool { start <= instant && instant < end }

    public var length: Span { end - start }

    private enum CodingKeys: String, CodingKey { case start, end, gpuHours, rollover }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(start: try c.decode(Instant.self, forKey: .start),
                  end: try c.decode(Instant.self, forKey: .end),
                  gpuHours: try c.decode(Double.self, forKey: .gpuHours),
                  rollover: try c.decodeIfPresent(Bool.self, forKey: .rollover) ?? false)
    }
}
