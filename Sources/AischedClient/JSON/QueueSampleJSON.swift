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

    enum CodingKeys: String, CodingKey {
        case time, pending, held, running, gpusWanted, gpusInUse, medianWaitSeconds, maxWaitSeconds
    }

    /// An absent time is null, never left out.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(time, forKey: .time)
        try c.encode(pending, forKey: .pending)
        try c.encode(held, forKey: .held)
        try c.encode(running, forKey: .running)
        try c.encode(gpusWanted, forKey: .gpusWanted)
        try c.encode(gpusInUse, forKey: .gpusInUse)
        try c.encode(medianWaitSeconds, forKey: .medianWaitSeconds)
        try c.encode(maxWaitSeconds, forKey: .maxWaitSeconds)
    }
}
