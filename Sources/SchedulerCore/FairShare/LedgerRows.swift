/// How the usage ledger stays small (docs/FAIRSHARE.md §9): a row is one job's charges over a stretch of time at one
/// price, not one tick. Each tick's charge is folded into its job's current row while the tick ends in the same
/// ledger period (one burn-rate bucket, an hour by default), so a running job writes one row per period, updated in
/// place; rows whose periods lie behind the burn-rate window are later folded further, into one row per job run at
/// one price (`compact`).
///
/// Folding loses nothing that the book, budgets or funders' reports read:
/// - amounts add; within a row the price is constant and time contiguous, so a row's amount over any sub-interval is
///   its amount × overlap / length, exactly what the ticks added up to (budget periods, funders' report windows);
/// - decayed usage counts each charge at the end of its interval: the row carries `decayedGPUHours`, its ticks'
///   amounts decayed to the row's end, so replaying the row adds what replaying the ticks would;
/// - burn rates count a charge in the bucket of its last millisecond: every tick of a row ends in the row's period,
///   which is that bucket; folded further are only rows older than the window, which burn rates no longer read.
/// The results agree with tick-by-tick rows up to floating-point rounding (relative 1e-12 in the tests).
public enum LedgerRows {
    /// The ledger period of a policy: one burn-rate bucket.
    public static func period(of policy: AccountingPolicy) -> Span {
        Span(milliseconds: BudgetUsage.bucketMilliseconds(burnWindow: policy.burnRateWindow))
    }

    /// Whether `next`, charged right after `row`, may be folded into it: same job, accounts and price, contiguous,
    /// and, with a `period`, ending in the same period as `row`.
    public static func canFold(_ next: UsageCharge, into row: UsageCharge, period: Span?) -> Bool {
        guard next.job == row.job, next.from == row.to, next.to > next.from, next.project == row.project,
              next.user == row.user, next.qos == row.qos, next.rate == row.rate, next.multiplier == row.multiplier,
              next.countsAgainstBudget == row.countsAgainstBudget else { return false }
        guard let period else { return true }
        let size = max(period.milliseconds, 1)
        return BudgetUsage.floorDiv(next.to.milliseconds - 1, size) == BudgetUsage.floorDiv(row.to.milliseconds - 1, size)
    }

    /// `row` extended by `next` (see `canFold`).
    public static func fold(_ next: UsageCharge, into row: UsageCharge, halfLife: Span?) -> UsageCharge {
        var merged = row
        merged.to = next.to
        merged.gpuHours += next.gpuHours
        merged.decayedGPUHours = UsageDecay.decayed(row.decayedGPUHours, elapsed: next.to - row.to, halfLife: halfLife)
            + next.decayedGPUHours
        return merged
    }

    /// `rows` folded as far as they go without a period: each job's contiguous rows at one price become one. For
    /// closed rows only (a running job's current row must stay the row its next tick extends). Sorted by job, then
    /// start.
    public static func compact(_ rows: [UsageCharge], halfLife: Span?) -> [UsageCharge] {
        var result: [UsageCharge] = []
        for row in rows.sorted(by: { ($0.job, $0.from) < ($1.job, $1.from) }) {
            if let last = result.last, canFold(row, into: last, period: nil) {
                result[result.count - 1] = fold(row, into: last, halfLife: halfLife)
            } else {
                result.append(row)
            }
        }
        return result
    }
}
