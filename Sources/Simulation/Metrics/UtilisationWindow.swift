import SchedulerCore

/// The interval allocation utilisation is measured over. Warm-up (an empty cluster filling) and drain (the last
/// jobs finishing alone) would understate it, so the default is the steady state between the 10th and 90th
/// percentile of submit times (nearest rank); `whole` is first submit to last end.
public enum UtilisationWindow: String, Sendable, CaseIterable {
    case steady
    case whole

    /// nil when the replay has no finished job.
    func interval(of outcomes: [JobOutcome]) -> (start: Instant, end: Instant)? {
        let submits = outcomes.map { Double($0.submit.milliseconds) }.sorted()
        guard let lastEnd = outcomes.compactMap(\.end).max(), let first = submits.first else { return nil }
        let whole = (Instant(milliseconds: Int64(first)), lastEnd)
        guard self == .steady else { return whole }
        let start = Int64(Summary.percentile(10, of: submits))
        let end = Int64(Summary.percentile(90, of: submits))
        return end > start ? (Instant(milliseconds: start), Instant(milliseconds: end)) : whole
    }
}
