/// Wall-clock timing with `ContinuousClock`.
enum Stopwatch {
    /// Runs `body` once and returns its result and the elapsed milliseconds.
    static func measure<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        return (result, milliseconds(start.duration(to: clock.now)))
    }

    static func measure<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try await body()
        return (result, milliseconds(start.duration(to: clock.now)))
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}

/// Keeps the optimiser from discarding a result the benchmark does not otherwise use.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
