/// The life cycle of a job. Names match Slurm's so that researchers and scripts recognise them.
///
/// ```
/// PENDING ──▶ RUNNING ──▶ COMPLETED | FAILED | TIMEOUT | NODE_FAIL
///    │           └──────▶ CANCELLED
///    └──────────────────▶ CANCELLED
/// RUNNING ──▶ PENDING   (requeued: the node lost the launch before the job started)
/// ```
public enum JobState: String, Sendable, Codable, CaseIterable {
    case pending = "PENDING"
    case running = "RUNNING"
    case completed = "COMPLETED"
    case failed = "FAILED"
    case cancelled = "CANCELLED"
    case timeout = "TIMEOUT"
    case nodeFail = "NODE_FAIL"

    /// A terminal job never changes state again.
    public var isTerminal: Bool {
        switch self {
        case .pending, .running: false
        default: true
        }
    }
}
