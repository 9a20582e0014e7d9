import Foundation

/// `--begin` as sbatch takes it: `now+1hour`, `now+90` (seconds), `16:00`, `2027-01-15`, `2027-01-15T08:30`,
/// `midnight`, `noon`, `teatime` (16:00), `today`, `tomorrow`. Clock times are local; a time of day already past
/// means tomorrow.
public enum BeginTime {
    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public let text: String
        public var description: String {
            "--begin \"\(text)\" is not a time; use now+1hour, now+30minutes, HH:MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM"
        }
    }

    /// Milliseconds since the Unix epoch.
    public static func parse(_ text: String, now: Date, timeZone: TimeZone = .current) throws(Invalid) -> Int64 {
        let word = text.trimmingCharacters(in: .whitespaces).lowercased()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let midnight = calendar.startOfDay(for: now)
        let date: Date?
        switch word {
        case "now": date = now
        case "today": date = midnight
        case "tomorrow": date = calendar.date(byAdding: .day, value: 1, to: midnight)
        case "midnight": date = calendar.date(byAdding: .day, value: 1, to: midnight)
        case "noon": date = nextTimeOfDay(hour: 12, minute: 0, second: 0, now: now, calendar: calendar)
        case "teatime": date = nextTimeOfDay(hour: 16, minute: 0, second: 0, now: now, calendar: calendar)
        default:
            if word.hasPrefix("now+") { date = relative(String(word.dropFirst(4)), to: now) }
            else if let clock = clockTime(word) {
                date = nextTimeOfDay(hour: clock.0, minute: clock.1, second: clock.2, now: now, calendar: calendar)
            } else { date = calendarDate(word, calendar: calendar) }
        }
        guard let date else { throw Invalid(text: text) }
        return Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// `now±N[unit]`'s `N[unit]` (Slurm's units: seconds by default, minutes, hours, days, weeks), `sign` × that from
    /// `now`; also sacct's windows (`HistoryTime`).
    static func relative(_ text: String, sign: Double = 1, to now: Date) -> Date? {
        let digits = text.prefix { $0.isNumber }
        guard let count = Double(digits), !digits.isEmpty else { return nil }
        let unit = text.dropFirst(digits.count)
        let seconds: Double
        switch unit {
        case "", "s", "sec", "secs", "second", "seconds": seconds = 1
        case "m", "min", "mins", "minute", "minutes": seconds = 60
        case "h", "hour", "hours": seconds = 3_600
        case "d", "day", "days": seconds = 86_400
        case "w", "week", "weeks": seconds = 604_800
        default: return nil
        }
        return now.addingTimeInterval(sign * count * seconds)
    }

    /// `HH:MM[:SS]` with each field in range.
    static func clockTime(_ text: String) -> (Int, Int, Int)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard (2...3).contains(parts.count), parts.allSatisfy({ $0 != nil }) else { return nil }
        let (h, m, s) = (parts[0]!, parts[1]!, parts.count == 3 ? parts[2]! : 0)
        guard (0..<24).contains(h), (0..<60).contains(m), (0..<60).contains(s) else { return nil }
        return (h, m, s)
    }

    private static func nextTimeOfDay(hour: Int, minute: Int, second: Int, now: Date, calendar: Calendar) -> Date? {
        let today = calendar.date(bySettingHour: hour, minute: minute, second: second, of: now)
        guard let today else { return nil }
        return today > now ? today : calendar.date(byAdding: .day, value: 1, to: today)
    }

    private static func calendarDate(_ text: String, calendar: Calendar) -> Date? {
        let halves = text.split(separator: "t", maxSplits: 1).map(String.init)
        guard let day = halves.first else { return nil } // an empty text (it trapped here before)
        let ymd = day.split(separator: "-").map { Int($0) }
        guard ymd.count == 3, let y = ymd[0], let mo = ymd[1], let d = ymd[2] else { return nil }
        var parts = DateComponents(year: y, month: mo, day: d, hour: 0, minute: 0, second: 0)
        if halves.count == 2 {
            guard let clock = clockTime(halves[1]) else { return nil }
            (parts.hour, parts.minute, parts.second) = (clock.0, clock.1, clock.2)
        }
        guard let date = calendar.date(from: parts),
              calendar.component(.day, from: date) == d, calendar.component(.month, from: date) == mo else { return nil }
        return date
    }
}
