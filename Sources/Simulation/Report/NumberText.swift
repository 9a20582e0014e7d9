import SchedulerCore

/// Fixed-point text for doubles without Foundation, the same on every platform (reports must diff cleanly).
enum NumberText {
    /// `value` rounded half away from zero to `decimals` places: `fixed(2.345, 2)` = "2.35" (up to 1e15).
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e15 else { return String(describing: value) }
        let digits = Int64(scaled)
        let unit = Int64(scale)
        let whole = String(digits / unit)
        let sign = value < 0 && digits != 0 ? "-" : ""
        guard decimals > 0 else { return sign + whole }
        let fraction = String(digits % unit)
        return sign + whole + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    /// Thousands grouped with commas ("86,072"), for the terminal table.
    static func grouped(_ value: Double) -> String { DigitGrouping.grouped(fixed(value, 0)) }
}
