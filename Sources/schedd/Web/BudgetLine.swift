import Foundation
import AischedClient
import SchedulerCore
import SchedulerProtocol

/// A budget as the pages draw it, from a project's or a scheme's usage line (the wire gives each its own fields):
/// the active period, what it allocates, what is used, the burn rate and when it runs out at that rate.
struct BudgetLine {
    var periodStartMs: Int64
    var periodEndMs: Int64
    var allocated: Double
    var used: Double
    var remaining: Double
    var burnPerDay: Double
    /// 0: not before the period ends.
    var exhaustionMs: Int64

    init?(_ p: ProjectUsageInfo) {
        guard p.hasBudget else { return nil }
        self.init(start: p.periodStartMs, end: p.periodEndMs, allocated: p.budgetMilliGPUHours, used: p.usedMilliGPUHours,
                  remaining: p.remainingMilliGPUHours, burn: p.burnMilliGPUHoursPerDay, exhaustion: p.exhaustionMs)
    }

    init?(_ s: SchemeUsageInfo) {
        guard s.hasBudget_p else { return nil }
        self.init(start: s.periodStartMs, end: s.periodEndMs, allocated: s.budgetMilliGpuHours, used: s.usedMilliGpuHours,
                  remaining: s.remainingMilliGpuHours, burn: s.burnMilliGpuHoursPerDay, exhaustion: s.exhaustionMs)
    }

    private init(start: Int64, end: Int64, allocated: UInt64, used: UInt64, remaining: Int64, burn: UInt64,
                 exhaustion: Int64) {
        (periodStartMs, periodEndMs) = (start, end)
        (self.allocated, self.used) = (Double(allocated) / 1000, Double(used) / 1000)
        self.remaining = Double(remaining) / 1000
        burnPerDay = Double(burn) / 1000
        exhaustionMs = exhaustion
    }

    /// "Runs out 2026-03-02 at 1,234 GPU-h a day", or that it lasts the period.
    var outlook: String {
        if remaining <= 0 { return "spent" }
        guard exhaustionMs > 0 else { return "lasts the period at this rate" }
        return "runs out \(JobJSON.time(exhaustionMs)?.prefix(10) ?? "?") at this rate"
    }

    /// The burn-down: what remains at the end of each step (from `used`, GPU-hours used since the period began at
    /// the end of each step of `series`, a series over the period, up to now), the rate's projection from now to the
    /// run-out or the period's end, and the even pace from the whole allocation to nothing.
    func chart(id: String, series: UsageSeries, used: [Double], now: Int64) -> String {
        let remainingPoints = series.timeline(used.map { allocated - $0 }, until: now)
        let end = exhaustionMs > 0 ? min(exhaustionMs, periodEndMs) : periodEndMs
        let lastRemaining = remaining
        let projectedEnd = max(0, lastRemaining - burnPerDay * Double(end - now) / 86_400_000)
        return LineChart(id: id, unit: "GPU-hours left", from: periodStartMs, to: periodEndMs, series: [
            .init(name: "left", colour: "#1e88e5", points: [(periodStartMs, allocated)] + remainingPoints),
            .init(name: "at this rate", colour: "#e53935", dashed: true, points: [(now, lastRemaining), (end, projectedEnd)]),
            .init(name: "even pace", colour: "#9e9e9e", dashed: true, points: [(periodStartMs, allocated), (periodEndMs, 0)]),
        ]).svg
    }

    /// GPU-hours with thousands grouped and no decimals past 10, one decimal past 1, three below (a small grant's
    /// first minutes must not read 0.0).
    static func hours(_ value: Double) -> String {
        if abs(value) >= 10 { return DigitGrouping.grouped(String(Int64(value.rounded()))) }
        return String(format: abs(value) >= 1 ? "%.1f" : "%.3f", value)
    }
}
