/// One job's part on one node as the planner sees it: what it holds and when it is expected to give it back
/// (its start plus its time limit, or sooner when it is being stopped).
struct HeldPart: Sendable {
    var job: JobID
    var part: NodeAllocation
    var end: Instant
    /// Its QoS is preemptible and it is not already being preempted: a preemption what-if may end it early.
    var preemptible: Bool

    static func endsBefore(_ a: HeldPart, _ b: HeldPart) -> Bool { (a.end, a.job) < (b.end, b.job) }
}
