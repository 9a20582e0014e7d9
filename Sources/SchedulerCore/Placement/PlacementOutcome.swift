/// The answer of a placement attempt.
public enum PlacementOutcome: Sendable, Equatable {
    case placed(Allocation)
    /// It would fit on the centre's nodes, but not on what is free now.
    case busy
    /// It cannot run on any node that is up now, however long it waits.
    case never(PendingReason)
}

/// A placement attempt's outcome with the numbers behind it.
public struct PlacementResult: Sendable, Equatable {
    public var outcome: PlacementOutcome
    public var report: PlacementReport

    public init(outcome: PlacementOutcome, report: PlacementReport) {
        self.outcome = outcome
        self.report = report
    }
}
