/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seeded generator, so a failing random run is replayed from its
/// seed alone. The helpers draw from `next()` directly rather than the standard library's `random(in:using:)`,
/// whose algorithm is not promised to stay the same across toolchains.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (the modulo bias is irrelevant for test workloads).
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next() % UInt64(bound))
    }

    mutating func int(in range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    /// True with probability `percent`/100.
    mutating func percent(_ percent: Int) -> Bool { below(100) < percent }

    mutating func pick<T>(_ elements: [T]) -> T { elements[below(elements.count)] }

    mutating func pickIfAny<T>(_ elements: [T]) -> T? { elements.isEmpty ? nil : pick(elements) }
}
