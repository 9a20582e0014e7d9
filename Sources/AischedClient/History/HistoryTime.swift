import Foundation

/// sacct's `--starttime`/`--endtime` forms: `now`, `now-2days`, `now+1hour` (units as Slurm: seconds by default,
/// minutes, hours, days, weeks), `today` and `midnight` (the start of today), `noon`, `HH:MM[:SS]` (today),
/// `YYYY-MM-DD[THH:MM[:SS]]`, `MM/DD[/YY]` and `MMDD[YY]`. Times are local, as sacct reads them; unlike `--begin`,
/// a time of day means today's, even when it has passed (a history window looks back).
public enum HistoryTime {
    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public let option: String
        public let text: String
        public var description: String {
            "\(option) \"\(text)\" is not a time; use now-2days, today, HH:MM, YYYY-MM-DD[THH:MM[:SS]], MM/DD[/YY] "
                + "or MMDD[YY]"
        }
    }

    /// Milliseconds since the Unix epoch.
    public static func parse(_ text: String, option: String, now: Date,
                             timeZone: TimeZone = .current) throws(Invalid) -> Int64 {
        let word = text.trimmingCharacters(in: .whitespaces).lowercased()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let midnight = calendar.startOfDay(for: now)
        var date: Date?
        switch word {
        case "": date = nil
        case "now": date = now
        case "today", "midnight": date = midnight
        case "noon": date = calendar.date(bySettingHour: 12, minute: 0, second: 0, of: now)
        default:
            if word.hasPrefix("now-") || word.hasPrefix("now+") {
                date = BeginTime.relative(String(word.dropFirst(4)), sign: word.hasPrefix("now-") ? -1 : 1, to: now)
            } else if let clock = BeginTime.clockTime(word) {
                date = calendar.date(bySettingHour: clock.0, minute: clock.1, second: clock.2, of: now)
            } else if word.contains("/") || (word.allSatisfy(\.isNumber) && [4, 6].contains(word.count)) {
                date = monthDay(word, now: now, calendar: calendar)
            } else {
                date = try? Date(timeIntervalSince1970: Double(BeginTime.parse(word, now: now, timeZone: timeZone)) / 1000)
            }
        }
        guard let date else { throw Invalid(option: option, text: text) }
        return Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// `MM/DD[/YY]` or `MMDD[YY]`: that day's start; without a year, this year's.
    private static func monthDay(_ text: String, now: Date, calendar: Calendar) -> Date? {
        var fields: [Int]
        if text.contains("/") {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
            guard (2...3).contains(parts.count), parts.allSatisfy({ $0 != nil }) else { return nil }
            fields = parts.map { $0! }
        } else {
            let digits = Array(text)
            fields = stride(from: 0, to: digits.count, by: 2).compactMap { Int(String(digits[$0..<$0 + 2])) }
        }
        let year = fields.count == 3 ? 2000 + fields[2] % 100 : calendar.component(.year, from: now)
        let (month, day) = (fields[0], fields[1])
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)),
              calendar.component(.month, from: date) == month, calendar.component(.day, from: date) == day else {
            return nil
        }
        return date
    }
}
