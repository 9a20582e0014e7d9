/// An opaque token a shell attaches to an event so it can match the core's reply to whoever asked.
public struct RequestID: Hashable, Sendable {
    public let rawValue: UInt64
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
}

/// Something that happened, reported to the core by a shell. Past tense: the core cannot refuse that it
/// happened, only refuse what it asks for (by replying with a `Rejection`).
public enum Event: Sendable {
    /// `spec.user` MUST be the authenticated submitter.
    case jobSubmitted(JobSpec, request: RequestID)
    /// `42` names job 42 or, when 42 is an array's id, every task of it; `42_3` one task (`JobSelector`).
    case cancelRequested([JobSelector], by: Principal, request: RequestID)
    case holdRequested([JobSelector], by: Principal, request: RequestID)
    case releaseRequested([JobSelector], by: Principal, request: RequestID)
    /// The submitter of an interactive allocation is done with it: it ends with the exit code of its session.
    case allocationEnded(JobID, exitCode: Int32, by: Principal, request: RequestID)
    /// An agent (re)registered, listing the jobs it still supervises and, where it knows them, their launch epochs.
    case nodeRegistered(NodeInventory, running: [JobID], epochs: [JobID: Int] = [:], request: RequestID)
    case heartbeatReceived(node: String, running: [JobID], epochs: [JobID: Int] = [:])
    /// The agent's connection closed. Its jobs keep running until the node times out.
    case nodeDisconnected(node: String)
    /// The agent asks to start its part of the job's run `epoch` (before any of its code runs); refused when that
    /// launch is no longer the node's.
    case jobStarted(JobID, node: String, note: String, epoch: Int = 0, request: RequestID?)
    /// A part ended; a report about an earlier run (`epoch`) than the job's current one is ignored.
    case jobExited(JobID, node: String, ExitReport, epoch: Int = 0, request: RequestID?)
    /// An admin changes the accounts tree. `ledger` holds the usage rows of the projects the change touches (the
    /// shell reads them from the store), so budgets given new periods are recomputed from real usage.
    case accountChangeRequested(AccountChange, ledger: [UsageCharge], by: Principal, request: RequestID)
    /// An admin drains, resumes or sets down nodes (`reason` is required for drain and down, refused for resume).
    case nodeControlRequested(NodeControlAction, nodes: [String], reason: String, by: Principal, request: RequestID)
    /// An admin changes what a QoS level means.
    case qosChangeRequested(QoS, QoSPolicy, by: Principal, request: RequestID)
    /// Time passed (the shell honours `Effects.wakeAt`, and may tick more often).
    case timerFired
}
