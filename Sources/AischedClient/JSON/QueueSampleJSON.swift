import SchedulerProtocol

/// The stable JSON shape of one sample of the queue (`queue/series`): counts, GPUs, and how long the pending jobs
/// had waited so far.
public struct QueueSampleJSON: Encodable {
    public let time: String?
    public let pending: UInt32
    public let held: UInt32
    public let running: UInt32
    public let gpusWanted: UInt32
    public let gpusInUse: UInt32
    public let medianWaitSeconds: Int64
    public let maxWaitSeconds: Int64

    public init(_ s: QueueSampleInfo) {
        time = JobJSON.time(s.atMs)
        pending = s.pending
        held = s.held
        running = s.running
        gpusWanted = s.gpusWanted
        gpusInUse = s.gpusInUse
        medianWaitSeconds = s.medianWaitMs / 1000
        maxWaitSeconds = s.maxWaitMs / 1000
    }
}
