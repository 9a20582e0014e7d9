/// Resources promised to a blocked job from its earliest start time: exactly the allocation it will get then,
/// so backfill can keep every other job off them (or make it end before they are needed).
public struct Reservation: Hashable, Sendable {
    public var job: JobID
    public var start: Instant
    /// `start` plus the job's time limit: when the promised resources are expected back.
    public var end: Instant
    public var allocation: Allocation
    /// The jobs (running, or reserved ahead of this one) whose expected end on the reserved nodes makes room
    /// at `start`: "expected to start at 14:20 when job 812 ends".
    public var after: [JobID]

    public init(job: JobID, start: Instant, end: Instant, allocation: Allocation, after: [JobID]) {
        self.job = job
        self.start = start
        self.end = end
        self.allocation = allocation
        self.after = after
    }
}
