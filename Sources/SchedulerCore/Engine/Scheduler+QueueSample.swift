/// How the queue stands at one instant: what schedd samples each minute for the dashboard's queue-over-time chart.
public struct QueueSample: Hashable, Sendable {
    public var at: Instant
    /// Pending jobs not held.
    public var pending: Int
    public var held: Int
    public var running: Int
    /// GPUs the pending jobs not held ask for.
    public var gpusWanted: Int
    public var gpusInUse: Int
    /// How long the pending jobs not held have waited since submission, so far: median and longest.
    public var medianWait: Span
    public var maxWait: Span

    public init(at: Instant, pending: Int, held: Int, running: Int, gpusWanted: Int, gpusInUse: Int,
                medianWait: Span, maxWait: Span) {
        self.at = at
        self.pending = pending
        self.held = held
        self.running = running
        self.gpusWanted = gpusWanted
        self.gpusInUse = gpusInUse
        self.medianWait = medianWait
        self.maxWait = maxWait
    }
}

extension Scheduler {
    /// The queue now: O(live jobs), read on the query pool, never in a cycle.
    public func queueSample(at now: Instant) -> QueueSample {
        var waits: [Int64] = []
        var held = 0
        var gpusWanted = 0
        for id in state.pendingIDs {
            guard let job = state.jobs[id] else { continue }
            if job.held {
                held += 1
                continue
            }
            waits.append(max(0, (now - job.submitTime).milliseconds))
            gpusWanted += quotaRequest(job).gpus
        }
        waits.sort()
        let gpusInUse = state.runningIDs.reduce(0) { sum, id in sum + (state.jobs[id].map { quotaRequest($0).gpus } ?? 0) }
        return QueueSample(at: now, pending: waits.count, held: held, running: state.runningIDs.count,
                           gpusWanted: gpusWanted, gpusInUse: gpusInUse,
                           medianWait: Span(milliseconds: waits.isEmpty ? 0 : waits[(waits.count - 1) / 2]),
                           maxWait: Span(milliseconds: waits.last ?? 0))
    }
}
