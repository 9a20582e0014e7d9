/// How much each account (scheme or project) has spent, per budget period and per QoS, and how fast it spends:
/// the running totals budgets and QoS usage limits are checked against (docs/FAIRSHARE.md §6).
///
/// A charge is split over the periods its interval overlaps, in proportion to the overlap, so a tick that straddles
/// midnight at the end of a quarter charges each quarter for its own part. Totals are attributed when recorded: after
/// an admin changes an account's periods, the engine MUST rebuild that account from the ledger
/// (`reset(_:)`, then `record` its charges since the earliest affected period start).
public struct BudgetUsage: Hashable, Sendable, Codable {
    /// Usage of one account in one period.
    public struct PeriodTotals: Hashable, Sendable, Codable {
        /// GPU-hour-equivalents that count against the budget.
        public var used: Double = 0
        /// All GPU-hour-equivalents, by QoS (for QoS usage limits), whether or not they count against the budget.
        public var byQoS: [QoS: Double] = [:]
    }

    /// The window the burn rate is measured over.
    public let burnWindow: Span
    /// Per account, per period (by its start in ms).
    private var totals: [AccountRef: [Int64: PeriodTotals]] = [:]
    /// Per account, budget-counted usage in buckets of `burnWindow / bucketsPerWindow`, by bucket index.
    private var recent: [AccountRef: [Int64: Double]] = [:]
    /// Per account, the first bucket it was ever charged in: a new account's burn rate is measured over its life so
    /// far, not diluted by a window it did not exist in.
    private var firstBucket: [AccountRef: Int64] = [:]

    static let bucketsPerWindow: Int64 = 24

    public init(burnWindow: Span = Span.minutes(24 * 60)) {
        self.burnWindow = burnWindow
    }

    private var bucketSize: Int64 { Self.bucketMilliseconds(burnWindow: burnWindow) }

    /// The length of one burn-rate bucket (also the ledger's period, `LedgerRows`).
    static func bucketMilliseconds(burnWindow: Span) -> Int64 { max(burnWindow.milliseconds / bucketsPerWindow, 1) }

    /// Adds a charge of `account` (the project charged, or its scheme), given the account's periods.
    public mutating func record(_ charge: UsageCharge, for account: AccountRef, periods: [BudgetPeriod]) {
        let length = Double(charge.duration.milliseconds)
        guard length > 0 else { return }
        for period in periods {
            let overlap = min(period.end, charge.to).milliseconds - max(period.start, charge.from).milliseconds
            guard overlap > 0 else { continue }
            let amount = charge.gpuHours * Double(overlap) / length
            var entry = totals[account, default: [:]][period.start.milliseconds, default: PeriodTotals()]
            if charge.countsAgainstBudget { entry.used += amount }
            entry.byQoS[charge.qos, default: 0] += amount
            totals[account, default: [:]][period.start.milliseconds] = entry
        }
        guard charge.countsAgainstBudget else { return }
        // The burn rate is for budgets, so it too counts only budget-counted usage. A charge goes to the bucket of
        // its last millisecond: ticks are short next to a bucket, so the error is at most one tick at the window edge.
        let index = Self.floorDiv(charge.to.milliseconds - 1, bucketSize)
        firstBucket[account] = min(firstBucket[account] ?? index, index)
        let opensABucket = recent[account]?[index] == nil
        recent[account, default: [:]][index, default: 0] += charge.gpuHours
        // Buckets older than a window behind the newest are dropped, when a new one opens (once per bucket, not
        // once per charge: this runs for every running job at every tick).
        if opensABucket, let newest = recent[account]?.keys.max() {
            recent[account]! = recent[account]!.filter { $0.key > newest - Self.bucketsPerWindow }
        }
    }

    /// Forgets everything about `account` (before rebuilding it from the ledger).
    public mutating func reset(_ account: AccountRef) {
        totals[account] = nil
        recent[account] = nil
        firstBucket[account] = nil
    }

    /// The totals of `account` in `period`.
    public func totals(of account: AccountRef, in period: BudgetPeriod) -> PeriodTotals {
        totals[account]?[period.start.milliseconds] ?? PeriodTotals()
    }

    /// Budget-counted GPU-hour-equivalents per hour, over the last `burnWindow` before `now` (rounded out to whole
    /// buckets), or over the account's charged life if that is shorter.
    public func burnRate(of account: AccountRef, at now: Instant) -> Double {
        guard let buckets = recent[account], !buckets.isEmpty else { return 0 }
        let current = Self.floorDiv(now.milliseconds - 1, bucketSize)
        let oldest = max(current - Self.bucketsPerWindow + 1, firstBucket[account] ?? current)
        // Summed in bucket order: dictionary order changes from process to process, and so would the last bits.
        let sum = buckets.keys.filter { $0 >= oldest && $0 <= current }.sorted().reduce(0) { $0 + buckets[$1]! }
        let covered = Double(now.milliseconds - oldest * bucketSize)
        return covered > 0 ? sum / (covered / Charger.millisecondsPerHour) : 0
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
