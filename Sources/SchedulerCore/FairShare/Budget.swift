/// Where an account stands against its budget at an instant (docs/FAIRSHARE.md §6):
///
///     allocated_k = gpuHours_k + carry_k
///     carry_k     = rollover_(k−1) ? max(0, allocated_(k−1) − used_(k−1)) : 0      (carry_0 = 0)
///     remaining   = allocated − used
///     exhaustion  = now + remaining / burnRate, if that is before the period ends
///
/// An account without periods is not rationed (`unlimited`); an account with periods but none covering the instant
/// has no allocation (`outsidePeriods`), which stops its normal and high jobs like a spent budget.
public enum BudgetState: Hashable, Sendable {
    case unlimited
    /// Periods exist, none is active; `next` is the next one to start, if any.
    case outsidePeriods(next: BudgetPeriod?)
    case active(BudgetStatus)

    /// Whether jobs whose charges count against the budget must wait (`BudgetExhausted`).
    public var isExhausted: Bool {
        switch self {
        case .unlimited: false
        case .outsidePeriods: true
        case .active(let status): status.isExhausted
        }
    }

    public var status: BudgetStatus? {
        if case .active(let status) = self { return status }
        return nil
    }
}

/// An account's active period, as numbers.
public struct BudgetStatus: Hashable, Sendable, Codable {
    public var account: AccountRef
    public var period: BudgetPeriod
    /// Unused budget rolled over from the previous period.
    public var carriedIn: Double
    /// `period.gpuHours + carriedIn`.
    public var allocated: Double
    /// Budget-counted usage in the period so far.
    public var used: Double
    /// `allocated − used`; may dip below 0 by what running jobs used since the last accounting tick.
    public var remaining: Double
    /// All usage in the period by QoS (for QoS usage limits).
    public var usedByQoS: [QoS: Double]
    /// Budget-counted GPU-hour-equivalents per hour over the burn window.
    public var burnRate: Double
    /// When `remaining` reaches 0 at `burnRate`; nil if not before the period ends. Equal to the instant asked about
    /// when already exhausted.
    public var projectedExhaustion: Instant?

    public var isExhausted: Bool { remaining <= 0 }
}

extension BudgetUsage {
    /// The budget state of `account`, whose periods are `periods` (unsorted is fine; validated: non-overlapping).
    public func state(of account: AccountRef, periods: [BudgetPeriod], at now: Instant) -> BudgetState {
        if periods.isEmpty { return .unlimited }
        let sorted = periods.sorted { $0.start < $1.start }
        guard let active = sorted.firstIndex(where: { $0.contains(now) }) else {
            return .outsidePeriods(next: sorted.first { $0.start > now })
        }
        // Walk the periods up to the active one, carrying what rollover periods left unused.
        var carry = 0.0
        for index in 0..<active {
            let allocated = sorted[index].gpuHours + carry
            let used = totals(of: account, in: sorted[index]).used
            carry = sorted[index].rollover ? max(0, allocated - used) : 0
        }
        let period = sorted[active]
        let totals = totals(of: account, in: period)
        let allocated = period.gpuHours + carry
        let remaining = allocated - totals.used
        let burnRate = burnRate(of: account, at: now)
        return .active(BudgetStatus(account: account, period: period, carriedIn: carry, allocated: allocated,
                                    used: totals.used, remaining: remaining, usedByQoS: totals.byQoS,
                                    burnRate: burnRate,
                                    projectedExhaustion: Self.exhaustion(remaining: remaining, burnRate: burnRate,
                                                                         now: now, periodEnd: period.end)))
    }

    static func exhaustion(remaining: Double, burnRate: Double, now: Instant, periodEnd: Instant) -> Instant? {
        if remaining <= 0 { return now }
        guard burnRate > 0 else { return nil }
        let milliseconds = (remaining / burnRate * Charger.millisecondsPerHour).rounded(.up)
        guard milliseconds < Double((periodEnd - now).milliseconds) else { return nil }
        return now + Span(milliseconds: Int64(milliseconds))
    }
}
