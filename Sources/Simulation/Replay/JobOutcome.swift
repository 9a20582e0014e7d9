import SchedulerCore

/// What happened to one trace job in a replay: the facts the metrics are computed from.
public struct JobOutcome: Hashable, Sendable {
    /// Position in the replayed trace.
    public var index: Int
    public var project: String
    public var submit: Instant
    /// First start (a requeued job keeps its first), nil if it never started.
    public var firstStart: Instant?
    /// The start of the first reservation the core made for it (its first start estimate); nil if it never
    /// waited for one.
    public var firstEstimate: Instant?
    /// Start of the run that ended it.
    public var lastStart: Instant?
    public var end: Instant?
    public var state: JobState
    public var gpus: Int
    public var cpus: Int

    public var started: Bool { firstStart != nil }
    public var finished: Bool { end != nil && lastStart != nil }

    /// e − s.
    public var completionTime: Span? { end.map { $0 - submit } }
    /// b − s.
    public var queueingDelay: Span? { firstStart.map { $0 - submit } }
    /// The run that ended the job (its trace duration, or its time limit when it timed out).
    public var runTime: Span? {
        guard let end, let lastStart else { return nil }
        return end - lastStart
    }
}

/// Everything a replay produced, before any metric.
public struct ReplayResult: Sendable {
    public var policy: SimulationPolicy
    public var outcomes: [JobOutcome]
    /// Submissions the core refused, by its message.
    public var rejected: [String: Int]
    /// Jobs still pending when nothing was left to happen (no node could ever run them).
    public var neverStarted: Int
    /// Each project's target fraction of the centre (for share attainment).
    public var projectShares: [String: Double]
    public var totalGPUs: Int
    public var totalCPUs: Int
    /// How many times the core was called: the replay's unit of work.
    public var handleCalls: Int
}
