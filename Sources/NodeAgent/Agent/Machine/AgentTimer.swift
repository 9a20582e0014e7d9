/// A timer the state machine asks the driver to set (`AgentAction.setTimer`); it comes back as
/// `AgentEvent.timerFired`. A timer carries what it was set for (the connection's session, the part's run), so one
/// that outlived its reason is recognised and ignored rather than cancelled: timers are never cancelled.
enum AgentTimer: Hashable, Sendable {
    /// Try to connect again after a failed or lost connection.
    case reconnect(session: UInt64)
    /// Time for the next heartbeat on this connection.
    case heartbeat(session: UInt64)
    /// The part's time limit: SIGTERM, then SIGKILL after its kill wait.
    case timeLimit(job: UInt64, run: UInt64)
    /// `--signal`: the warning signal ahead of the time limit.
    case warning(job: UInt64, run: UInt64, signal: Int32, batchOnly: Bool)
    /// SIGKILL after a kill's grace period, to the step tasks and, if this shepherd's part is still here, the job.
    case forceKill(job: UInt64, shepherd: Int32)
}
