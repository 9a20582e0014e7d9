/// A running job that is being stopped to make room for a job of a higher QoS (docs/BACKFILL.md §Preemption).
///
/// While it is set the job stays RUNNING (its processes still hold their CPUs and GPUs) and the planner counts
/// its resources as free from `at + grace`. When its processes are gone it is requeued, not ended: a scavenger
/// job is preemptible work, not failed work.
public struct Preemption: Hashable, Sendable, Codable {
    /// The job it makes room for.
    public var by: JobID
    /// When the kill (SIGTERM, then SIGKILL after the agent's grace period) was sent.
    public var at: Instant

    public init(by: JobID, at: Instant) {
        self.by = by
        self.at = at
    }
}
