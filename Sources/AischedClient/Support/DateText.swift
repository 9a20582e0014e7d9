import Foundation

/// Dates and times as people type them for reports and windows (`aisubmit admin report --from`, the dashboard's
/// report form, the API's `from` and `to`): one reading for all of them.
public enum DateText {
    /// `YYYY-MM-DD` (midnight UTC) or ISO 8601 with a time (`2026-01-01T08:00:00+08:00`), as ms since the epoch.
    /// With `endOfDay`, a bare date means the end of that day (the next midnight): `--to 2026-03-31` includes the
    /// 31st, which is what a funder asking for Q1 means. A time given explicitly is taken as it is.
    public static func milliseconds(_ text: String, endOfDay: Bool = false) -> Int64? {
        if let days = daysSinceEpoch(text) { return (days + (endOfDay ? 1 : 0)) * 86_400_000 }
        for style in [Date.ISO8601FormatStyle(), Date.ISO8601FormatStyle(includingFractionalSeconds: true)] {
            if let date = try? style.parse(text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        }
        return nil
    }

    /// What `milliseconds` reads, for messages.
    public static let expected = "a date YYYY-MM-DD or an ISO 8601 time such as 2026-01-01T08:00:00Z"

    /// Days since 1970-01-01 of a valid `YYYY-MM-DD`, by the civil-from-days algorithm (no calendar, no time zone).
    public static func daysSinceEpoch(_ text: String) -> Int64? {
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
}
