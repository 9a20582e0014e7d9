/// How well the start estimates the core gives waiting jobs held in a replay (issue 5: "reserved jobs have an
/// estimated start time that the simulator confirms").
///
/// A job's estimate is the start of the first reservation the core made for it: what `aisubmit queue --start`
/// would have shown the researcher at that moment. Every full cycle plans the reservations afresh, so even with
/// exact walltimes (the trace's run times as limits) an estimate can move, for instance when fair share lifts a
/// later job above it; with limits longer than the run times jobs end early and reserved jobs start before their
/// estimate.
public struct EstimateAccuracy: Hashable, Sendable {
    /// Jobs that started and had an estimate before they did.
    public var estimated: Int
    /// Of those, the fraction that started no later than their estimate.
    public var held: Double
    /// The fraction that started no later than their estimate plus `tolerance`.
    public var heldWithinTolerance: Double
    /// Start − estimate in seconds, over all estimated jobs (negative: early).
    public var error: Summary
    /// Start − estimate in seconds, over the jobs that started late.
    public var lateness: Summary

    /// A minute: one full cycle and an accounting tick can fall between a reservation's start and the job's.
    public static let tolerance = 60.0

    public init(_ outcomes: [JobOutcome]) {
        let errors = outcomes.compactMap { o -> Double? in
            guard let estimate = o.firstEstimate, let start = o.firstStart else { return nil }
            return SimulationMetrics.seconds(start.milliseconds - estimate.milliseconds)
        }
        estimated = errors.count
        func fraction(_ isHeld: (Double) -> Bool) -> Double {
            errors.isEmpty ? 1 : Double(errors.filter(isHeld).count) / Double(errors.count)
        }
        held = fraction { $0 <= 0 }
        heldWithinTolerance = fraction { $0 <= Self.tolerance }
        error = Summary(errors)
        lateness = Summary(errors.filter { $0 > 0 })
    }
}
