import SchedulerCore

/// Test helpers on the core's seeded generator. They draw from `next()` directly rather than the standard
/// library's `random(in:using:)`, whose algorithm is not promised to stay the same across toolchains.
extension SplitMix64 {
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
