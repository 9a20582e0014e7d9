/// The promises made to blocked jobs, and how each is made (docs/BACKFILL.md): a job that cannot start now and is
/// among the first `reservationDepth` is promised exact resources at its earliest start (`ReservationPlanner`),
/// kept on what it was promised last cycle when that is as good (so the jobs planned around it keep their slots),
/// and made sooner by preempting scavenger work when its QoS may preempt and that wins more than a grace period.
///
/// Pure: the book decides; the scheduler carries out the preemptions it names. Derived, never persisted.
struct ReservationBook: Sendable {
    /// The promises of this plan, sorted by start, and the node views they cast on jobs that would start now.
    var shadow = ReservationShadow()

    /// What a blocked job is promised, and the running jobs to stop for it (empty unless preempting wins).
    struct Promise: Equatable {
        var reservation: Reservation?
        var victims: [JobID] = []
    }

    /// A full cycle plans every promise again: it starts from an empty book and returns the last plan's promises,
    /// which re-planned jobs keep when they still can.
    mutating func startOver() -> ReservationShadow {
        defer { shadow = ReservationShadow() }
        return shadow
    }

    func reservation(of job: JobID) -> Reservation? { shadow.reservation(of: job) }

    mutating func add(_ reservation: Reservation) { shadow.add(reservation) }

    /// A job that no longer waits (started, held, cancelled, gated) gives its promise back; the caller frees what
    /// it promised for backfill.
    mutating func remove(job: JobID) -> Reservation? { shadow.remove(job: job) }

    /// The promise for `job`. `previous` is the last plan's promises; `preemptBy` is set when the job's QoS may
    /// preempt: the moment preemptible parts would be gone if stopped now.
    func promise(_ job: JobID, _ request: ResourceRequest, limit: Span, planner: ReservationPlanner,
                 previous: ReservationShadow, positions: [String: Int], preemptBy: Instant?) -> Promise {
        let waiting = keepingPreviousResources(planner.plan(job, request, limit: limit, shadow: shadow), request,
                                               limit: limit, planner: planner, previous: previous, positions: positions)
        guard let soon = preemptBy, waiting.map({ $0.start > soon }) ?? true,
              planner.holds.contains(where: { $0.contains { $0.preemptible } }) else { return Promise(reservation: waiting) }
        var whatIf = planner
        whatIf.preemptBy = soon
        guard let sooner = whatIf.plan(job, request, limit: limit, shadow: shadow),
              sooner.start < (waiting?.start ?? Instant(milliseconds: .max)) else { return Promise(reservation: waiting) }
        return Promise(reservation: sooner, victims: Self.victims(for: sooner, holds: planner.holds,
                                                                 nodes: planner.nodes, positions: positions))
    }

    /// Same start, same resources as last time: the jobs planned around them keep their slots.
    private func keepingPreviousResources(_ found: Reservation?, _ request: ResourceRequest, limit: Span,
                                          planner: ReservationPlanner, previous: ReservationShadow,
                                          positions: [String: Int]) -> Reservation? {
        guard let found, let promised = previous.reservation(of: found.job), promised.allocation != found.allocation,
              planner.isFree(promised.allocation, at: found.start, limit: limit, shadow: shadow, positions: positions,
                             ask: request) else { return found }
        return Reservation(job: found.job, start: found.start, end: found.end, allocation: promised.allocation,
                           after: found.after)
    }

    /// The preemptible jobs holding what `reservation` needs at its start: those whose CPUs or GPUs it takes,
    /// then, where memory is still short, the largest other preemptible parts on the node.
    static func victims(for reservation: Reservation, holds: [[HeldPart]], nodes: [Node],
                        positions: [String: Int]) -> [JobID] {
        var chosen = Set<JobID>()
        for part in reservation.allocation.nodes {
            guard let position = positions[part.node] else { continue }
            let cpus = Set(part.cpus)
            let gpus = Set(part.gpus)
            let lingering = holds[position].filter { $0.end > reservation.start }
            var victims = lingering.filter { held in
                held.preemptible && (!cpus.isDisjoint(with: held.part.cpus) || !gpus.isDisjoint(with: held.part.gpus))
            }
            var free = nodes[position].inventory.memoryMB - lingering.reduce(0) { $0 + $1.part.memoryMB }
                + victims.reduce(0) { $0 + $1.part.memoryMB }
            let others = lingering.filter { held in held.preemptible && !victims.contains { $0.job == held.job } }
            for extra in others.sorted(by: { ($0.part.memoryMB, $0.job) > ($1.part.memoryMB, $1.job) })
            where free < part.memoryMB {
                victims.append(extra)
                free += extra.part.memoryMB
            }
            chosen.formUnion(victims.map(\.job))
        }
        return chosen.sorted()
    }
}
