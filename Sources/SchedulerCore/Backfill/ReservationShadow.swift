/// What the reservations of a cycle forbid a job that would start now: the resources they promise, on their
/// nodes, from their start on.
///
/// A job with time limit L that starts now must keep off every reservation that begins before now + L, and may
/// use what a reservation holds if it ends before that reservation begins. Shadow copies of the reserved nodes
/// hold those reservations' parts as if allocated, so the ordinary placement pipeline (filters, exact NUMA and
/// GPU allocation, scorers) does the rest. Holding a part whose CPUs are still in use by a running job that
/// ends before the reservation begins only counts them once; memory is added, which is conservative: a
/// backfilled job never delays a reservation, at worst it waits for the next one.
struct ReservationShadow {
    /// Sorted by start, then job id: the reservations a job must respect are always a prefix.
    private(set) var reservations: [Reservation] = []
    /// Node name → positions in `reservations` of the reservations with a part there.
    private var byNode: [String: [Int]] = [:]
    /// Cached views by prefix length (how many reservations they apply).
    private var views: [Int: [Int: Node]] = [:]

    var isEmpty: Bool { reservations.isEmpty }
    var count: Int { reservations.count }

    /// Views are built on the live nodes of one cycle; the next cycle starts afresh.
    mutating func resetViews() { views.removeAll() }

    mutating func add(_ reservation: Reservation) {
        let position = reservations.firstIndex { ($0.start, $0.job) > (reservation.start, reservation.job) }
            ?? reservations.endIndex
        reservations.insert(reservation, at: position)
        reindex()
    }

    mutating func remove(job: JobID) -> Reservation? {
        guard let position = reservations.firstIndex(where: { $0.job == job }) else { return nil }
        let removed = reservations.remove(at: position)
        reindex()
        return removed
    }

    func reservation(of job: JobID) -> Reservation? { reservations.first { $0.job == job } }

    /// Reservations with a part on `node`, in start order.
    func reservations(on node: String) -> [Reservation] {
        (byNode[node] ?? []).map { reservations[$0] }
    }

    /// How many reservations begin before `end` (they are a prefix).
    func prefixLength(endingAt end: Instant) -> Int {
        reservations.partitionPoint { $0.start < end }
    }

    /// The nodes a job ending at `end` sees: reserved nodes hold every reservation that starts before `end`
    /// (except `excluded`'s own, for a reserved job placing itself).
    mutating func view(of nodes: [Node], positions: [String: Int], endingAt end: Instant,
                       excluding excluded: JobID? = nil) -> NodeView {
        let prefix = prefixLength(endingAt: end)
        if prefix == 0 { return NodeView(base: nodes, overrides: [:]) }
        if excluded == nil, let cached = views[prefix] { return NodeView(base: nodes, overrides: cached) }
        var overrides: [Int: Node] = [:]
        for reservation in reservations[..<prefix] where reservation.job != excluded {
            for part in reservation.allocation.nodes {
                guard let position = positions[part.node] else { continue }
                overrides[position, default: nodes[position]].hold(part, for: reservation.job)
            }
        }
        if excluded == nil { views[prefix] = overrides }
        return NodeView(base: nodes, overrides: overrides)
    }

    /// A live node changed (a job started on it): cached views that shadow it are stale.
    mutating func invalidate(node: String) {
        guard byNode[node] != nil else { return }
        views.removeAll()
    }

    private mutating func reindex() {
        byNode.removeAll(keepingCapacity: true)
        for (position, reservation) in reservations.enumerated() {
            for part in reservation.allocation.nodes { byNode[part.node, default: []].append(position) }
        }
        views.removeAll()
    }
}
