import AischedClient
import ArgumentParser
import Foundation
import SchedulerProtocol

/// Parsing of the values admin flags take (dates, budget periods, durations, amounts), each failing with a
/// `ValidationError` that names the flag and shows the expected form.
enum CLIValues {
    /// `YYYY-MM-DD` (midnight UTC) or ISO 8601 with a time, as ms since the epoch (`DateText.milliseconds`); with
    /// `endOfDay`, a bare date means the end of that day.
    static func instant(_ text: String, flag: String, endOfDay: Bool = false) throws -> Int64 {
        guard let ms = DateText.milliseconds(text, endOfDay: endOfDay) else {
            throw ValidationError("\(flag) \"\(text)\": expected \(DateText.expected)")
        }
        return ms
    }

    /// `START:END:GPUHOURS[:rollover]`. START and END are dates or ISO 8601 times; since a time has colons of its
    /// own, the split between START and END is the one colon where both sides read as times. A bare END date is
    /// inclusive (the period runs to the end of that day), like `--to`.
    static func budget(_ text: String) throws -> BudgetPeriodInfo {
        let expected = "--budget \"\(text)\": expected START:END:GPUHOURS[:rollover] with START and END valid dates "
            + "(YYYY-MM-DD) or ISO 8601 times, e.g. 2026-01-01:2026-03-31:50000:rollover"
        var fields = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var rollover = false
        if fields.last?.lowercased() == "rollover" {
            rollover = true
            fields.removeLast()
        }
        guard fields.count >= 3, let hours = fields.last else { throw ValidationError(expected) }
        let milli = try milliGPUHours(hours, flag: "--budget \"\(text)\"")
        let times = fields.dropLast()
        for split in 1..<times.count {
            let start = times.prefix(split).joined(separator: ":")
            let end = times.dropFirst(split).joined(separator: ":")
            if let s = try? instant(start, flag: ""), let e = try? instant(end, flag: "", endOfDay: true) {
                guard e > s else { throw ValidationError("--budget \"\(text)\": the period ends before it starts") }
                return BudgetPeriodInfo(startMs: s, endMs: e, milliGPUHours: milli, rollover: rollover)
            }
        }
        throw ValidationError(expected)
    }

    /// Refuses periods that overlap each other, before the server would.
    static func checkNoOverlap(_ periods: [BudgetPeriodInfo]) throws {
        let sorted = periods.sorted { $0.startMs < $1.startMs }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.startMs < a.endMs {
            throw ValidationError("budget periods \(AdminText.period(a.startMs, a.endMs)) and \(AdminText.period(b.startMs, b.endMs)) overlap")
        }
    }

    /// A non-negative, finite number of GPU-hours ("50000", "12.5") as thousandths.
    static func milliGPUHours(_ text: String, flag: String) throws -> UInt64 {
        guard let value = Double(text), value.isFinite else {
            throw ValidationError("\(flag): \"\(text)\" is not a number of GPU-hours")
        }
        guard value >= 0 else { throw ValidationError("\(flag): a budget cannot be negative (\(text) GPU-hours)") }
        guard value * 1000 < 1.8e19 else { throw ValidationError("\(flag): \(text) GPU-hours is too large") }
        return UInt64((value * 1000).rounded())
    }

    /// A decimal fraction or multiplier ("0.5", "2") as millionths, within `range`.
    static func millionths(_ text: String, flag: String, range: ClosedRange<Double>) throws -> UInt32 {
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw ValidationError("\(flag) \"\(text)\": expected a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return UInt32((value * 1_000_000).rounded())
    }

    /// A duration: `none`, seconds with a unit (`90m`, `24h`, `7d`, `3600s`), or `[D-]HH:MM[:SS]`. 0 means none.
    static func seconds(_ text: String, flag: String) throws -> UInt64 {
        let lower = text.lowercased()
        if lower == "none" || lower == "0" { return 0 }
        let units: [Character: UInt64] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400]
        if let unit = lower.last.flatMap({ units[$0] }), let n = UInt64(lower.dropLast()) {
            return n.multipliedReportingOverflow(by: unit).overflow ? .max : n * unit
        }
        var days: UInt64 = 0
        var clock = Substring(lower)
        if let dash = lower.firstIndex(of: "-"), let d = UInt64(lower[..<dash]) {
            days = d
            clock = lower[lower.index(after: dash)...]
        }
        let parts = clock.split(separator: ":", omittingEmptySubsequences: false).map { UInt64($0) }
        guard (2...3).contains(parts.count), parts.allSatisfy({ $0 != nil }) else {
            throw ValidationError("\(flag) \"\(text)\": expected none, 90m, 24h, 7d or [D-]HH:MM[:SS]")
        }
        let (h, m, s) = (parts[0]!, parts[1]!, parts.count == 3 ? parts[2]! : 0)
        return ((days * 24 + h) * 60 + m) * 60 + s
    }

    /// `USER[:SHARES]` of `--member`; shares default to 1 and must be > 0.
    static func member(_ text: String) throws -> (user: String, shares: UInt32) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty else {
            throw ValidationError("--member \"\(text)\": expected USER or USER:SHARES")
        }
        guard parts.count == 2 else { return (String(parts[0]), 1) }
        guard let shares = UInt32(parts[1]), shares > 0 else {
            throw ValidationError("--member \"\(text)\": shares must be a whole number > 0")
        }
        return (String(parts[0]), shares)
    }

    /// "2026-03-31" for a period boundary (UTC), or the full time when it is not midnight.
    static func day(_ ms: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(ms) / 1000)
        if ms % 86_400_000 == 0 {
            return date.formatted(Date.ISO8601FormatStyle().year().month().day())
        }
        return date.formatted(.iso8601)
    }
}
