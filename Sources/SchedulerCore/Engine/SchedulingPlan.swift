/// What the last full cycle decided, and what has changed since: the state that lets an event run an
/// incremental cycle instead of a full one (docs/BACKFILL.md §Incremental cycles).
///
/// Derived, never persisted: a restarted scheduler starts with an empty plan and runs a full cycle first.
public struct SchedulingPlan: Sendable {
    /// One pending job in queue order, with what the walk needs without looking the job up.
    struct Entry: Sendable {
        var id: JobID
        var priority: Double
        var submitMs: Int64
        /// Index into `shapes`.
        var shape: Int32
        var limitMs: Int64
        var idleOnly: Bool
        /// It holds a reservation (set by the cycle that made it).
        var reserved = false
        /// At its last evaluation it could have run but for resources (it waits with `Resources`/`Priority`).
        var busy = false
    }

    /// Pending jobs, highest priority first, idle-capacity-only jobs last. Jobs that have left PENDING since
    /// the last full cycle stay until the next one and are skipped.
    var entries: [Entry] = []
    /// Interned placement shapes, with a one-node request of each (for the "does it fit a freed node" test).
    var shapes: [PlacementShape] = []
    var shapeRequests: [ResourceRequest] = []
    var shapeIndex: [PlacementShape: Int32] = [:]
    var shadow = ReservationShadow()
    /// In-use figures per account, kept current between full cycles as jobs start and stop.
    var quota: QuotaSnapshot?
    /// The ranking of the last full cycle, so a job submitted since is inserted where that cycle would have put it.
    var rankedAt: Instant?
    var factors = FairShareFactors()
    var priority: MultifactorPriority?
    /// Node names in name order (placement's visiting order).
    var nodeOrder: [String] = []
    /// The nodes as placement sees them, kept from cycle to cycle: an incremental cycle refreshes only the nodes
    /// that changed instead of copying the whole centre.
    var context: PlacementContext?
    var nodePositions: [String: Int] = [:]

    var lastFull: Instant?
    /// The earliest future begin time among jobs waiting with `BeginTime`: a full cycle is due then.
    var nextBegin: Instant?
    /// Something happened that an incremental cycle cannot account for (nodes, accounts, charges).
    var needsFull = true
    /// Events since the last full cycle changed the queue (so the periodic full cycle is worth running).
    var changedSinceFull = false
    /// Nodes where resources became free (a job's part ended, a reservation went away).
    var dirtyNodes: Set<String> = []
    /// Jobs to evaluate in the next incremental cycle whatever their shape (new, released, requeued).
    var dirtyJobs: Set<JobID> = []
    /// Jobs waiting for something a job's end may change (dependencies, limits, array throttles).
    var conditional: Set<JobID> = []
    /// When `silenceKnown`: the earliest moment an up node passes the heartbeat timeout (nil: no node is up).
    /// Known until a node comes up, or the node that sets it heartbeats; it spares a scan of every node on every
    /// event and tick.
    var earliestSilence: Instant?
    var silenceKnown = false
    /// When `mailMarksKnown`: the next moment a running job is due a TIME_LIMIT mail (nil: none will be). Known
    /// until such a job starts or its mail is sent; it spares a scan of the running jobs on every tick.
    var nextMailMark: Instant?
    var mailMarksKnown = false

    public init() {}

    /// The reservation a pending job holds, if any.
    public func reservation(of job: JobID) -> Reservation? { shadow.reservation(of: job) }

    public var reservations: [Reservation] { shadow.reservations }

    mutating func intern(_ shape: PlacementShape, request: ResourceRequest) -> Int32 {
        if let index = shapeIndex[shape] { return index }
        let index = Int32(shapes.count)
        shapes.append(shape)
        var single = request
        single.nodes = 1
        shapeRequests.append(single)
        shapeIndex[shape] = index
        return index
    }

    /// Inserts a job where the last ranking would have put it.
    mutating func insert(_ entry: Entry) {
        let position = entries.partitionPoint { Self.precedes($0, entry) }
        entries.insert(entry, at: position)
    }

    static func precedes(_ a: Entry, _ b: Entry) -> Bool {
        if a.idleOnly != b.idleOnly { return !a.idleOnly }
        if a.priority != b.priority { return a.priority > b.priority }
        if a.submitMs != b.submitMs { return a.submitMs < b.submitMs }
        return a.id < b.id
    }
}

extension Array {
    /// The first index whose element does not satisfy `belongsBefore` (the array is partitioned by it).
    func partitionPoint(_ belongsBefore: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if belongsBefore(self[mid]) { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
