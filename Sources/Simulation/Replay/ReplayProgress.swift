import SchedulerCore

/// Where a replay stands, handed to the caller's hook (`Replay.run(progress:)`) every `Replay.progressStride` core
/// calls and once at the end. The library has no clock, so the caller adds the wall time: `schedd simulate` turns
/// these into its progress line on stderr (docs/SIMULATION.md). Reading these counts changes nothing in the replay.
public struct ReplayProgress: Sendable, Equatable {
    /// Trace jobs handed to the core so far (accepted or rejected at submit), of `total`.
    public var submitted: Int
    public var total: Int
    /// Jobs waiting and running in the core now.
    public var pending: Int
    public var running: Int
    /// The virtual clock: the instant of the last core call, on the trace's clock.
    public var now: Instant
    public var coreCalls: Int
    /// The last report of a replay (the counts are then final).
    public var finished: Bool

    public init(submitted: Int, total: Int, pending: Int, running: Int, now: Instant, coreCalls: Int, finished: Bool) {
        self.submitted = submitted
        self.total = total
        self.pending = pending
        self.running = running
        self.now = now
        self.coreCalls = coreCalls
        self.finished = finished
    }

    /// Submitted jobs that are neither waiting nor running: ended, or rejected at submit.
    public var done: Int { submitted - pending - running }
}
