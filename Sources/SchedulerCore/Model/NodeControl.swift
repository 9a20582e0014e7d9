/// An admin's order that keeps a node out of service, with who gave it, when and why: Slurm's
/// `scontrol update NodeName=X State=DRAIN|DOWN Reason=…`. It lives beside the node's liveness (`NodeStatus`), not in
/// it: a drained node that stops responding and comes back is still drained, and only `resume` lifts the order.
public struct NodeControl: Hashable, Sendable, Codable {
    public enum State: String, Hashable, Sendable, Codable, CaseIterable {
        /// Running jobs finish; nothing new starts (sinfo: draining while jobs run, drained once empty).
        case drain = "DRAIN"
        /// Its jobs are stopped as on a node failure; nothing starts until it is resumed.
        case down = "DOWN"
    }

    public var state: State
    public var reason: String
    /// The admin who gave the order.
    public var by: String
    public var at: Instant

    public init(state: State, reason: String, by: String, at: Instant) {
        self.state = state
        self.reason = reason
        self.by = by
        self.at = at
    }

    /// "drained by alice: GPU 3 ECC errors" (the words `aisubmit nodes` and pending reasons use).
    public var summary: String {
        "\(state == .drain ? "drained" : "set down") by \(by): \(reason)"
    }
}

/// What an admin asks of nodes (`aisubmit admin node drain|resume|down`).
public enum NodeControlAction: String, Hashable, Sendable, CaseIterable {
    case drain, resume, down

    /// The order it gives; nil for resume, which lifts one.
    public var order: NodeControl.State? {
        switch self {
        case .drain: .drain
        case .down: .down
        case .resume: nil
        }
    }

    /// The verb in the audit log, e.g. "drain-node".
    public var auditAction: String { rawValue + "-node" }

    /// Longest reason accepted, in bytes: it is shown on one line of `aisubmit nodes`.
    public static let maxReasonBytes = 512
}
