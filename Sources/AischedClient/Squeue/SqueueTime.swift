import Foundation

/// Times as squeue prints them.
enum SqueueTime {
    /// Slurm's elapsed-time form: `M:SS`, `H:MM:SS`, `D-HH:MM:SS`; `INVALID` below zero or beyond a year.
    static func duration(_ seconds: Int64) -> String {
        guard seconds >= 0, seconds <= 365 * 86_400 else { return "INVALID" }
        let (days, hours, minutes, secs) = (seconds / 86_400, seconds / 3600 % 24, seconds / 60 % 60, seconds % 60)
        if days > 0 { return String(format: "%lld-%02lld:%02lld:%02lld", days, hours, minutes, secs) }
        if hours > 0 { return String(format: "%lld:%02lld:%02lld", hours, minutes, secs) }
        return String(format: "%lld:%02lld", minutes, secs)
    }

    /// Slurm's default time format, `2027-01-15T08:30:00` in local time; `N/A` for "not yet".
    static func stamp(_ ms: Int64, in timeZone: TimeZone) -> String {
        guard ms > 0 else { return "N/A" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                        from: Date(timeIntervalSince1970: Double(ms) / 1000))
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0,
                      c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }
}
