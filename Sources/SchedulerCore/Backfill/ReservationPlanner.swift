/// The earliest start of a blocked job, and exactly what it will get then (docs/BACKFILL.md §Planning).
///
/// Every node that could host the job is a timeline: the parts held now, each until its expected end, and the
/// reservations made so far, each over its window. A job with time limit L fits a node at T when the node,
/// with every part still held at T and every reservation overlapping [T, T + L) counted as allocated, gives it
/// an exact allocation (`NodeAllocator`, so NUMA and GPU rules hold for reservations too). The earliest T is
/// always some part's or reservation's end on one of its nodes (or now), so only those instants are tried:
///
/// 1. Per node, the occupancy filters' count checks (`PlacementFilter.admits`) on its counts at each of its
///    instants.
/// 2. A sweep over all instants in time order, tracking which nodes pass the count check.
/// 3. Where at least `nodes` pass, the occupancy filters and an exact trial on each node as it will be over the
///    window; the gang takes the best-scored `nodes` at once.
///
/// The placement rules live in the pipeline's filters only: the planner asks them (capability and availability
/// through `couldHost`, occupancy on counts and on its time-shifted nodes), so a reservation honours every rule a
/// start now does.
///
/// Deterministic: instants in time order, nodes in name order, ties by the pipeline's scorers then names.
struct ReservationPlanner {
    let pipeline: PlacementPipeline
    let now: Instant
    /// Live nodes in name order.
    let nodes: [Node]
    /// Parts held now, by position in `nodes`.
    let holds: [[HeldPart]]
    /// When set, preemptible parts count as ending by this instant (the preemption what-if).
    var preemptBy: Instant?

    /// Instants with exact trials before the planner gives up (no estimate rather than a long cycle).
    static let maxTrialInstants = 48
    /// Exact candidates gathered at one instant beyond the gang's size, for the scorers to choose from.
    static let extraCandidates = 16

    func plan(_ job: JobID, _ request: ResourceRequest, limit: Span, shadow: ReservationShadow) -> Reservation? {
        let ask = PlacementAsk(request, settings: pipeline.settings)
        // Only nodes that pass the count check at one of their instants at least are kept (a full centre has
        // few), in arrays by position rather than dictionaries: this runs for every reservation of every cycle.
        var windows = [NodeWindow?](repeating: nil, count: nodes.count)
        var instants: [(time: Instant, position: Int, fits: Bool)] = []
        var hosts = 0
        for position in nodes.indices where pipeline.couldHost(ask, nodes[position]) {
            let reserved = shadow.reservations(on: nodes[position].name)
            if reserved.isEmpty, ask.modelWords == nil, !ask.exclusive {
                // The common case, without building a window: walk the parts in the order they end.
                if appendCountInstants(position, ask, into: &instants) { hosts += 1 }
                continue
            }
            let window = NodeWindow(node: nodes[position], holds: effective(holds[position]), reserved: reserved,
                                    ask: ask, pipeline: pipeline, now: now)
            let fits = window.instants.map { window.countsFit(at: $0) }
            guard fits.contains(true) else { continue }
            for (time, fit) in zip(window.instants, fits) { instants.append((time, position, fit)) }
            windows[position] = window
            hosts += 1
        }
        guard hosts >= request.nodes else { return nil }
        instants.sort { ($0.time, $0.position) < ($1.time, $1.position) }

        var fitting = [Bool](repeating: false, count: nodes.count)
        var fittingCount = 0
        var latest = [Int64](repeating: .min, count: nodes.count)
        var failedAt = [Int64](repeating: .min, count: nodes.count)
        var trials = 0
        var index = 0
        while index < instants.count, trials < Self.maxTrialInstants {
            let time = instants[index].time
            while index < instants.count, instants[index].time == time {
                let entry = instants[index]
                latest[entry.position] = time.milliseconds
                if entry.fits != fitting[entry.position] { fittingCount += entry.fits ? 1 : -1 }
                fitting[entry.position] = entry.fits
                index += 1
            }
            guard fittingCount >= request.nodes else { continue }
            trials += 1
            var scored: [GangPlacement.Scored] = []
            var chosen: [String: Int] = [:]
            for position in nodes.indices where fitting[position] && failedAt[position] != latest[position] {
                if windows[position] == nil {
                    windows[position] = NodeWindow(node: nodes[position], holds: effective(holds[position]),
                                                   reserved: [], ask: ask, pipeline: pipeline, now: now)
                }
                guard let candidate = windows[position]?.trial(ask, at: time, limit: limit) else {
                    failedAt[position] = latest[position]
                    continue
                }
                scored.append(GangPlacement.Scored(candidate: candidate, total: pipeline.total(ask, candidate)))
                chosen[candidate.node.name] = position
                if scored.count >= request.nodes + Self.extraCandidates { break }
            }
            if let allocation = GangPlacement.select(request.nodes, from: scored) {
                let used = allocation.nodeNames.compactMap { chosen[$0].flatMap { windows[$0] } }
                return Reservation(job: job, start: time, end: time + limit, allocation: allocation,
                                   after: makingRoom(by: time, windows: used))
            }
        }
        return nil
    }

    /// The instants of a node without reservations, with whether the filters' count checks pass at each, from
    /// its parts in the order they end (`heldParts` sorts them so). False when they pass at none.
    private func appendCountInstants(_ position: Int, _ ask: PlacementAsk,
                                     into instants: inout [(time: Instant, position: Int, fits: Bool)]) -> Bool {
        let node = nodes[position]
        var counts = NodeCounts(node)
        var parts = node.jobs.count
        let start = instants.count
        var any = pipeline.countsAdmit(ask, counts)
        instants.append((now, position, any))
        let held = preemptBy == nil ? holds[position] : effective(holds[position]).sorted(by: HeldPart.endsBefore)
        var index = 0
        while index < held.count {
            let time = held[index].end
            while index < held.count, held[index].end == time {
                counts.allocatedCPUs -= held[index].part.cpus.count
                counts.allocatedGPUs -= held[index].part.gpus.count
                counts.allocatedMemoryMB -= held[index].part.memoryMB
                parts -= 1
                index += 1
            }
            guard time > now else { continue }
            counts.idle = parts <= 0
            let fit = pipeline.countsAdmit(ask, counts)
            any = any || fit
            instants.append((time, position, fit))
        }
        if !any { instants.removeSubrange(start...) }
        return any
    }

    /// Whether exactly `allocation` is free on its nodes over [start, start + limit): how a re-planned job keeps
    /// the resources it was promised, so jobs planned around them keep theirs.
    func isFree(_ allocation: Allocation, at start: Instant, limit: Span, shadow: ReservationShadow,
                positions: [String: Int], ask request: ResourceRequest) -> Bool {
        let ask = PlacementAsk(request, settings: pipeline.settings)
        return allocation.nodes.allSatisfy { part in
            guard let position = positions[part.node], pipeline.couldHost(ask, nodes[position]) else { return false }
            let window = NodeWindow(node: nodes[position], holds: effective(holds[position]),
                                    reserved: shadow.reservations(on: part.node), ask: ask, pipeline: pipeline, now: now)
            return window.isFree(part, at: start, limit: limit)
        }
    }

    private func effective(_ parts: [HeldPart]) -> [HeldPart] {
        guard let preemptBy else { return parts }
        return parts.map { held in
            var held = held
            if held.preemptible, held.end > preemptBy { held.end = preemptBy }
            return held
        }
    }

    /// The jobs whose ends on the chosen nodes make room by `start`, latest first: "when job 812 ends".
    private func makingRoom(by start: Instant, windows: [NodeWindow]) -> [JobID] {
        var ends: [JobID: Instant] = [:]
        for window in windows {
            for held in window.holds where held.end <= start { ends[held.job] = max(ends[held.job] ?? held.end, held.end) }
            for reservation in window.reserved where reservation.end <= start {
                ends[reservation.job] = max(ends[reservation.job] ?? reservation.end, reservation.end)
            }
        }
        return ends.sorted { ($0.value, $0.key) > ($1.value, $1.key) }.prefix(3).map(\.key)
    }
}

/// One node's timeline for one job being planned.
struct NodeWindow {
    let node: Node
    let holds: [HeldPart]
    let reserved: [Reservation]
    /// Now, and every end of a part or reservation after now, ascending.
    let instants: [Instant]
    private let ask: PlacementAsk
    private let pipeline: PlacementPipeline
    private let eligibleGPUs: Set<Int>?
    private let eligibleTotal: Int

    init(node: Node, holds: [HeldPart], reserved: [Reservation], ask: PlacementAsk, pipeline: PlacementPipeline,
         now: Instant) {
        self.node = node
        self.holds = holds
        self.reserved = reserved
        self.ask = ask
        self.pipeline = pipeline
        var times = [now]
        for held in holds where held.end > now { times.append(held.end) }
        for reservation in reserved where reservation.end > now { times.append(reservation.end) }
        times.sort()
        var unique: [Instant] = []
        unique.reserveCapacity(times.count)
        for time in times where unique.last != time { unique.append(time) }
        instants = unique
        let topology = node.inventory.topology
        if ask.modelWords == nil {
            eligibleGPUs = nil
            eligibleTotal = topology.gpus.count
        } else {
            let indices = Set(ask.eligibleGPUs(on: topology).map { topology.gpus[$0].index })
            eligibleGPUs = indices
            eligibleTotal = indices.count
        }
    }

    /// A necessary condition for fitting at `time`: the filters' count checks on the node's counts at that
    /// instant (GPUs counted of the requested model only).
    func countsFit(at time: Instant) -> Bool {
        var counts = NodeCounts(node)
        counts.gpus = eligibleTotal
        counts.allocatedGPUs = gpuCount(node.allocatedGPUs)
        var jobs = node.jobs.count
        for held in holds where held.end <= time {
            counts.allocatedCPUs -= held.part.cpus.count
            counts.allocatedGPUs -= gpuCount(held.part.gpus)
            counts.allocatedMemoryMB -= held.part.memoryMB
            jobs -= 1
        }
        for reservation in reserved where reservation.start <= time && time < reservation.end {
            guard let part = reservation.allocation.part(on: node.name) else { continue }
            counts.allocatedCPUs += part.cpus.count
            counts.allocatedGPUs += gpuCount(part.gpus)
            counts.allocatedMemoryMB += part.memoryMB
            jobs += 1
        }
        counts.idle = jobs <= 0
        return pipeline.countsAdmit(ask, counts)
    }

    /// The exact allocation the node gives for [time, time + limit), or nil: the occupancy filters on the node
    /// as it will be over the window, then the exact trial.
    func trial(_ ask: PlacementAsk, at time: Instant, limit: Span) -> PlacementCandidate? {
        let view = view(at: time, limit: limit)
        guard pipeline.passesOccupancy(ask, view) else { return nil }
        return NodeAllocator.trial(ask, on: view)
    }

    /// Whether this very part is free over [time, time + limit), and the node then passes the occupancy filters.
    func isFree(_ part: NodeAllocation, at time: Instant, limit: Span) -> Bool {
        let view = view(at: time, limit: limit)
        guard pipeline.passesOccupancy(ask, view) else { return false }
        guard view.allocatedCPUs.isDisjoint(with: part.cpus), view.allocatedGPUs.isDisjoint(with: part.gpus) else {
            return false
        }
        return part.memoryByNUMADomain.allSatisfy { view.freeMemoryMB(numaDomain: $0.domain) >= $0.memoryMB }
    }

    /// The node with every part still held at `time` and every reservation overlapping the window allocated.
    private func view(at time: Instant, limit: Span) -> Node {
        var view = node
        for held in holds where held.end <= time { view.release(held.part, for: held.job) }
        let end = time + limit
        for reservation in reserved where reservation.start < end && reservation.end > time {
            guard let part = reservation.allocation.part(on: node.name) else { continue }
            view.hold(part, for: reservation.job)
        }
        return view
    }

    private func gpuCount<C: Collection<Int>>(_ gpus: C) -> Int {
        guard let eligibleGPUs else { return gpus.count }
        return gpus.count { eligibleGPUs.contains($0) }
    }
}
