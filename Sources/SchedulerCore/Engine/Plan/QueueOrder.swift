/// The pending jobs in the order the last full cycle ranked them, with what the walk needs of each without
/// looking the job up, and the placement shapes they share (docs/FAIRSHARE.md §8 for the ranking).
struct QueueOrder: Sendable {
    /// One pending job in queue order.
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
    private(set) var shapes: [PlacementShape] = []
    private(set) var shapeRequests: [ResourceRequest] = []
    private var shapeIndex: [PlacementShape: Int32] = [:]
    /// When the last full cycle ranked the queue, and with what, so a job submitted since is inserted where that
    /// cycle would have put it.
    var rankedAt: Instant?
    var factors = FairShareFactors()
    var priority: MultifactorPriority?

    /// A fresh ranking forgets the shapes of jobs that have left.
    mutating func forgetShapes() {
        shapes.removeAll(keepingCapacity: true)
        shapeRequests.removeAll(keepingCapacity: true)
        shapeIndex.removeAll(keepingCapacity: true)
    }

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
