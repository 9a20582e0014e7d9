import ArgumentParser
import Foundation
import SchedulerProtocol

/// Parsing of the values admin flags take (dates, budget periods, durations, amounts), each failing with a
/// `ValidationError` that names the flag and shows the expected form.
enum CLIValues {
    /// `YYYY-MM-DD` (midnight UTC) or ISO 8601 with a time (`2026-01-01T08:00:00+08:00`), as ms since the epoch.
    /// With `endOfDay`, a bare date means the end of that day (the next midnight): `--to 2026-03-31` includes the
    /// 31st, which is what a funder asking for Q1 means. A time given explicitly is taken as it is.
    static func instant(_ text: String, flag: String, endOfDay: Bool = false) throws -> Int64 {
        if let days = daysSinceEpoch(text) { return (days + (endOfDay ? 1 : 0)) * 86_400_000 }
        for style in [Date.ISO8601FormatStyle(), Date.ISO8601FormatStyle(includingFractionalSeconds: true)] {
            if let date = try? style.parse(text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        }
        throw ValidationError("\(flag) \"\(text)\": expected a date YYYY-MM-DD or an ISO 8601 time such as 2026-01-01T08:00:00Z")
    }

    /// Days since 1970-01-01 of a valid `YYYY-MM-DD`, by the civil-from-days algorithm (no calendar, no time zone).
    static func daysSinceEpoch(_ text: String) -> Int64? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int64(parts[0]), let m = Int64(parts[1]), let d = Int64(parts[2]), (1...12).contains(m)
        else { return nil }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let monthDays: [Int64] = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard d >= 1, d <= monthDays[Int(m - 1)] else { return nil }
        let year = m <= 2 ? y - 1 : y
        let era = (year >= 0 ? year : year - 399) / 400
        let yoe = year - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
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
