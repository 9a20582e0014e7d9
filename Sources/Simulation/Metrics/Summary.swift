/// Mean and nearest-rank percentiles of a sample (the p-th percentile is the ⌈p/100 · n⌉-th smallest value, so
/// every reported figure is a value that occurred; the median is p50 by the same rule).
public struct Summary: Hashable, Sendable {
    public var count: Int
    public var mean: Double
    public var median: Double
    public var p95: Double
    public var p99: Double
    public var max: Double

    public init(_ values: [Double]) {
        let sorted = values.sorted()
        count = sorted.count
        // Summed in ascending order, so the mean does not depend on the order jobs ended in.
        mean = sorted.isEmpty ? 0 : sorted.reduce(0, +) / Double(sorted.count)
        median = Self.percentile(50, of: sorted)
        p95 = Self.percentile(95, of: sorted)
        p99 = Self.percentile(99, of: sorted)
        max = sorted.last ?? 0
    }

    public static func percentile(_ p: Double, of sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(Swift.max(rank, 1), sorted.count) - 1]
    }
}
