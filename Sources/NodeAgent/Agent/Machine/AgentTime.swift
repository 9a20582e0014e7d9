/// A moment as the agent's state machine is told it (the machine reads no clock, so a test can say what time it is):
/// the monotonic clock for intervals (heartbeats, the fence window, reconnect backoff) and the wall clock for what
/// outlives the process (a part's deadline kept in the spool, when a job ended).
struct AgentTime: Sendable, Equatable {
    /// Milliseconds on a monotonic clock (ContinuousClock in the agent); only differences between readings mean
    /// anything.
    var monotonicMs: Int64
    /// Milliseconds since the Unix epoch.
    var wallMs: Int64

    /// The same moment `ms` milliseconds later on both clocks.
    func advanced(byMs ms: Int64) -> AgentTime {
        AgentTime(monotonicMs: monotonicMs + ms, wallMs: wallMs + ms)
    }
}
