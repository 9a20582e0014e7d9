@testable import SchedulerCore

/// Random but reproducible traffic for a small cluster: submissions (some invalid, some impossible), cancels and
/// holds by owners, admins, strangers and nodes, launch confirmations, exit reports (some duplicated or bogus),
/// agent registrations that forget or invent jobs, heartbeats, disconnects and long silences.
///
/// Events are drawn from the scheduler's current state, so a run is fully determined by its seed.
struct RandomWorkload {
    static let inventories: [NodeInventory] = [
        .make("a100-01", cpus: 8, memoryMB: 64_000, gpus: 4, gpuModel: "A100"),
        .make("a100-02", cpus: 8, memoryMB: 64_000, gpus: 4, gpuModel: "A100"),
        .make("cpu-01", cpus: 16, memoryMB: 32_000),
        .make("h100-01", cpus: 4, memoryMB: 16_000, gpus: 2, gpuModel: "H100"),
        // 2 NUMA domains of 4 cores with SMT, 2 GPUs each.
        .make("numa-01", topology: .make(domains: 2, coresPerDomain: 4, memoryMBPerDomain: 24_000, gpusPerDomain: 2,
                                         gpuModel: "NVIDIA H100 80GB HBM3")),
    ]
    static let users = ["alice", "bob", "carol"]

    /// What to feed the core next: move the clock by `advance`, then handle `events` as one batch.
    struct Step {
        var advance: Span
        var events: [Event]
    }

    private var rng: SplitMix64
    private var requests: UInt64 = 0
    private var stepsTaken = 0

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func next(given state: ClusterState) -> Step {
        defer { stepsTaken += 1 }
        // Bring the nodes up first so that most runs have something to schedule on.
        if stepsTaken < Self.inventories.count {
            return Step(advance: Span(milliseconds: 0), events: [register(Self.inventories[stepsTaken], state)])
        }
        let roll = rng.below(100)
        switch roll {
        case 0..<78:
            return Step(advance: Span(milliseconds: rng.below(3) == 0 ? Int64(rng.below(2_000)) : 0),
                        events: [oneEvent(state)])
        case 78..<90:
            // A tick: most agents heartbeat, then the timer fires, all in one group commit.
            var events: [Event] = []
            for name in state.nodes.keys.sorted() where rng.percent(85) {
                events.append(.heartbeatReceived(node: name, running: agentList(name, state, keep: 100)))
            }
            events.append(.timerFired)
            return Step(advance: .seconds(Int64(rng.int(in: 1...20))), events: events)
        case 90..<94:
            return Step(advance: .seconds(Int64(rng.int(in: 30...90))), events: [.timerFired])
        default:
            return Step(advance: Span(milliseconds: 0), events: (0..<rng.int(in: 2...4)).map { _ in oneEvent(state) })
        }
    }

    private mutating func oneEvent(_ state: ClusterState) -> Event {
        let roll = rng.below(100)
        switch roll {
        case 0..<30: return .jobSubmitted(randomSpec(), request: request())
        case 30..<42: return started(state)
        case 42..<64: return exited(state)
        case 64..<72: return .cancelRequested(someJobIDs(state).map(JobSelector.job), by: principal(for: state), request: request())
        case 72..<77: return .holdRequested(someJobIDs(state).map(JobSelector.job), by: principal(for: state), request: request())
        case 77..<82: return .releaseRequested(someJobIDs(state).map(JobSelector.job), by: principal(for: state), request: request())
        case 82..<90: return register(rng.pick(Self.inventories), state)
        case 90..<96:
            let name = rng.pick(Self.inventories).name
            return .heartbeatReceived(node: name, running: agentList(name, state, keep: 95))
        default: return .nodeDisconnected(node: rng.pick(Self.inventories).name)
        }
    }

    // MARK: - Researchers

    private mutating func randomSpec() -> JobSpec {
        let gpus = rng.percent(50) ? 0 : rng.int(in: 1...4)
        var spec = JobSpec.make(
            user: rng.pick(Self.users),
            cpus: rng.percent(5) ? 40 : rng.int(in: 1...8),
            memoryMB: rng.percent(70) ? 0 : Int64(rng.int(in: 1...70)) * 1_000,
            gpus: gpus,
            nodes: rng.percent(75) ? 1 : rng.int(in: 2...3),
            gpuModel: rng.percent(70) ? nil : rng.pick(["A100", "H100", "B200"]),
            exclusive: rng.percent(10),
            stdout: rng.percent(20) ? "logs/%x-%j.out" : "",
            hold: rng.percent(10))
        if rng.percent(4) { spec.argv = [] }                 // invalid: rejected, must change nothing
        if rng.percent(2) { spec.request.cpusPerNode = 0 }
        return spec
    }

    private mutating func someJobIDs(_ state: ClusterState) -> [JobID] {
        let upper = Int(state.nextJobID) + 1
        return (0..<(rng.percent(85) ? 1 : rng.int(in: 2...3))).map { _ in JobID(UInt64(rng.int(in: 1...upper))) }
    }

    private mutating func principal(for state: ClusterState) -> Principal {
        switch rng.below(100) {
        case 0..<15: return Principal(name: "root", role: .admin)
        case 15..<22: return Principal(name: rng.pick(Self.inventories).name, role: .node)
        default: return Principal(name: rng.pick(Self.users), role: .user)
        }
    }

    // MARK: - Agents

    private mutating func register(_ inventory: NodeInventory, _ state: ClusterState) -> Event {
        .nodeRegistered(inventory, running: agentList(inventory.name, state, keep: 80), request: request())
    }

    /// What an agent lists as running: what the core believes it runs, some of it forgotten, rarely a stray.
    private mutating func agentList(_ node: String, _ state: ClusterState, keep: Int) -> [JobID] {
        var list = (state.nodes[node]?.jobs.sorted() ?? []).filter { _ in rng.percent(keep) }
        if rng.percent(5) { list.append(JobID(UInt64(rng.int(in: 1...Int(state.nextJobID) + 2)))) }
        return list
    }

    /// (job, node) pairs where a job still holds resources, in a stable order.
    private func activeParts(_ state: ClusterState) -> [(JobID, String)] {
        state.jobs.keys.sorted().flatMap { id in state.jobs[id]!.activeNodes.map { (id, $0) } }
    }

    private mutating func started(_ state: ClusterState) -> Event {
        let unconfirmed = activeParts(state).filter { !state.jobs[$0.0]!.startedNodes.contains($0.1) }
        let (id, node) = rng.pickIfAny(unconfirmed) ?? (JobID(UInt64(rng.int(in: 1...9))), rng.pick(Self.inventories).name)
        return .jobStarted(id, node: node, note: rng.percent(10) ? "cgroup v2 unavailable" : "",
                           request: rng.percent(50) ? request() : nil)
    }

    private mutating func exited(_ state: ClusterState) -> Event {
        let target: (JobID, String)
        if let part = rng.pickIfAny(activeParts(state)), rng.percent(85) {
            target = part
        } else {
            // A duplicate or stray report.
            target = (JobID(UInt64(rng.int(in: 1...Int(state.nextJobID) + 1))), rng.pick(Self.inventories).name)
        }
        let report: ExitReport
        switch rng.below(100) {
        case 0..<70: report = ExitReport(exitCode: 0)
        case 70..<82: report = ExitReport(exitCode: Int32(rng.int(in: 1...255)))
        case 82..<90: report = ExitReport(exitCode: 0, signal: rng.pick([9, 15]))
        case 90..<95: report = ExitReport(exitCode: 0, signal: 9, timedOut: true)
        default: report = ExitReport(exitCode: 1, message: "launch failed: workdir does not exist")
        }
        return .jobExited(target.0, node: target.1, report, request: rng.percent(50) ? request() : nil)
    }

    private mutating func request() -> RequestID {
        requests += 1
        return RequestID(requests)
    }
}
