/// Numbers in the sentences researchers read (pending reasons, rejections): the core has no Foundation formatters,
/// and these two shapes are all it needs.
enum AccountingText {
    /// GPU-hours with one decimal: "1234.5".
    static func gpuHours(_ value: Double) -> String {
        guard value.isFinite else { return value > 0 ? "∞" : (value < 0 ? "-∞" : "?") }
        let tenths = (value * 10).rounded()
        guard abs(tenths) < 9e17 else { return value > 0 ? "a huge number of" : "minus a huge number of" }
        let whole = Int64(tenths)
        let sign = whole < 0 ? "-" : ""
        return "\(sign)\(abs(whole) / 10).\(abs(whole) % 10)"
    }

    /// A span in its two largest units: "3d 4h", "2h 5m", "45m", "30s".
    static func span(_ span: Span) -> String {
        let seconds = max(span.milliseconds, 0) / 1000
        let (days, hours, minutes) = (seconds / 86_400, seconds / 3600 % 24, seconds / 60 % 60)
        if days > 0 { return hours > 0 ? "\(days)d \(hours)h" : "\(days)d" }
        if hours > 0 { return minutes > 0 ? "\(hours)h \(minutes)m" : "\(hours)h" }
        if minutes > 0 { return "\(minutes)m" }
        return "\(seconds)s"
    }
}
