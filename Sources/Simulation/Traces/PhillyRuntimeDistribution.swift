/// The real Philly run-time distribution (`philly_runtime.csv`: one `runtime` column, seconds), sampled with a
/// seeded generator so a replay repeats bit for bit.
public struct PhillyRuntimeDistribution: Hashable, Sendable {
    /// Run times in seconds, in file order (sampling draws an index, so the order is part of the seed's meaning).
    public let seconds: [Double]

    public init(seconds: [Double]) { self.seconds = seconds }

    public static func parse(_ text: String) throws(TraceError) -> PhillyRuntimeDistribution {
        let lines = splitLines(text)
        var values: [Double] = []
        for (offset, raw) in lines.enumerated() {
            let field = raw.trimmingBlanks
            if field.isEmpty || (offset == 0 && Double(field) == nil) { continue }
            guard let value = Double(field), value.isFinite, value >= 0 else {
                throw .badLine(line: offset + 1, reason: "run time \"\(field)\" is not a non-negative number")
            }
            values.append(value)
        }
        guard !values.isEmpty else { throw .badFile(reason: "the run-time distribution has no values") }
        return PhillyRuntimeDistribution(seconds: values)
    }

    /// One draw, uniform over the values (Lemire's multiply-shift: no modulo bias, same on every platform).
    public func sample(using generator: inout some RandomNumberGenerator) -> Double {
        let index = generator.next().multipliedFullWidth(by: UInt64(seconds.count)).high
        return seconds[Int(index)]
    }
}
