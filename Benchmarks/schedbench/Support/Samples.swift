/// Repeated measurements of one quantity, summarised as median, min and max.
struct Samples {
    private(set) var values: [Double] = []

    init(_ values: [Double] = []) { self.values = values }

    mutating func add(_ value: Double) { values.append(value) }

    var isEmpty: Bool { values.isEmpty }
    var count: Int { values.count }
    var min: Double { values.min() ?? .nan }
    var max: Double { values.max() ?? .nan }
    var median: Double { percentile(50) }

    /// Nearest-rank percentile (p in 0...100); the median of an even count is the mean of the middle two.
    func percentile(_ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        if p == 50 {
            let mid = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
        }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.max(0, Swift.min(sorted.count - 1, rank - 1))]
    }

    /// "median (min–max)" with the given formatter.
    func summary(_ format: (Double) -> String) -> String {
        guard !values.isEmpty else { return "n/a" }
        if values.count == 1 { return format(median) }
        return "\(format(median)) (\(format(min))–\(format(max)))"
    }
}

/// Number formatting for tables, without Foundation's locale-dependent formatters.
enum Format {
    /// Milliseconds with sensible precision: 0.042, 3.71, 48.2, 1234.
    static func ms(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        switch abs(value) {
        case ..<1: return fixed(value, 3)
        case ..<10: return fixed(value, 2)
        case ..<100: return fixed(value, 1)
        default: return fixed(value, 0)
        }
    }

    /// A rate or count: 1234 → "1,234", 12.5 → "12.5".
    static func count(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        if abs(value) < 100 { return fixed(value, 1) }
        return grouped(Int(value.rounded()))
    }

    /// KiB → MiB with one decimal.
    static func mib(fromKiB kib: Double) -> String {
        guard kib.isFinite else { return "n/a" }
        return fixed(kib / 1024, 1)
    }

    static func fixed(_ value: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int((abs(value) * scale).rounded())
        let sign = value < 0 && scaled != 0 ? "-" : ""
        let whole = grouped(scaled / Int(scale))
        guard decimals > 0 else { return sign + whole }
        var fraction = String(scaled % Int(scale))
        while fraction.count < decimals { fraction = "0" + fraction }
        return sign + whole + "." + fraction
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (value < 0 ? "-" : "") + out
    }
}
