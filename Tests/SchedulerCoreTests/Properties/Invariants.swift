@testable import SchedulerCore

/// Properties that must hold after every event the core handles, whatever the traffic.
struct InvariantChecker {
    /// Terminal jobs as first seen: their state and history length must never change again.
    private var ended: [JobID: (state: JobState, historyCount: Int)] = [:]

    /// Everything wrong with `state` (after handling a batch at `now` that produced `fx`); empty when all is well.
    /// One pass over the jobs (this runs after every step of every random run).
    mutating func violations(in state: ClusterState, after fx: Effects, at now: Instant, timerFired: Bool) -> [String] {
        var problems: [String] = []
        var partsByNode: [String: [(JobID, NodeAllocation)]] = [:]
        var pending: Set<JobID> = []
        for (id, job) in state.jobs {
            if let seen = ended[id] {
                if job.state != seen.state || job.history.count != seen.historyCount {
                    problems.append("job \(id) ended \(seen.state.rawValue) but is now \(job.state.rawValue) "
                                    + "with \(job.history.count) history entries (was \(seen.historyCount))")
                }
            } else if job.state.isTerminal {
                ended[id] = (job.state, job.history.count)
            }
            if job.state == .pending { pending.insert(id) }
            problems += Self.problems(of: job)
            for name in job.activeNodes {
                guard let part = job.allocation?.nodes.first(where: { $0.node == name }) else {
                    problems.append("job \(id) is active on \(name) without an allocation there")
                    continue
                }
                partsByNode[name, default: []].append((id, part))
            }
        }
        if state.pendingIDs != pending { problems.append("pending index \(state.pendingIDs.sorted()) ≠ \(pending.sorted())") }
        if let maxID = state.jobs.keys.max(), state.nextJobID <= maxID.rawValue {
            problems.append("next job id \(state.nextJobID) would reuse \(maxID)")
        }
        problems += Self.allocationProblems(partsByNode, in: state)
        problems += Self.effectProblems(fx, in: state, at: now, timerFired: timerFired)
        return problems
    }

    /// No CPU or GPU is held twice on a node, and each node's totals are exactly the sum of its active jobs' parts.
    static func allocationProblems(_ partsByNode: [String: [(JobID, NodeAllocation)]], in state: ClusterState) -> [String] {
        var problems: [String] = []
        for name in Set(partsByNode.keys).union(state.nodes.keys) {
            let parts = partsByNode[name] ?? []
            guard let node = state.nodes[name] else {
                problems.append("jobs \(parts.map(\.0)) hold resources on unknown node \(name)")
                continue
            }
            var cpus: Set<Int> = [], gpus: Set<Int> = []
            var memory: Int64 = 0
            var memoryByDomain: [Int: Int64] = [:]
            for (id, part) in parts {
                if let twice = part.cpus.first(where: { cpus.contains($0) }) {
                    problems.append("CPU \(twice) on \(name) is held twice (again by job \(id))")
                }
                if let twice = part.gpus.first(where: { gpus.contains($0) }) {
                    problems.append("GPU \(twice) on \(name) is held twice (again by job \(id))")
                }
                if Set(part.cpus).count != part.cpus.count || Set(part.gpus).count != part.gpus.count {
                    problems.append("job \(id) lists a CPU or GPU twice on \(name)")
                }
                cpus.formUnion(part.cpus)
                gpus.formUnion(part.gpus)
                memory += part.memoryMB
                for (domain, taken) in part.memoryByNUMADomain { memoryByDomain[domain, default: 0] += taken }
                if state.jobs[id]?.spec.request.exclusive == true, parts.count > 1 {
                    problems.append("exclusive job \(id) shares \(name) with \(parts.map(\.0).filter { $0 != id })")
                }
            }
            if node.allocatedCPUs != cpus { problems.append("\(name) CPUs \(node.allocatedCPUs.sorted()) ≠ parts \(cpus.sorted())") }
            if node.allocatedGPUs != gpus { problems.append("\(name) GPUs \(node.allocatedGPUs.sorted()) ≠ parts \(gpus.sorted())") }
            if node.allocatedMemoryMB != memory { problems.append("\(name) memory \(node.allocatedMemoryMB) ≠ parts \(memory)") }
            if node.allocatedMemoryMBByNUMA != memoryByDomain.filter({ $0.value != 0 }) {
                problems.append("\(name) memory per NUMA node \(node.allocatedMemoryMBByNUMA) ≠ parts \(memoryByDomain)")
            }
            for domain in node.inventory.topology.numaDomains where (memoryByDomain[domain.id] ?? 0) > domain.memoryMB {
                problems.append("\(name) NUMA \(domain.id) holds \(memoryByDomain[domain.id]!) MB of \(domain.memoryMB)")
            }
            if node.jobs != Set(parts.map(\.0)) { problems.append("\(name) jobs \(node.jobs.sorted()) ≠ \(parts.map(\.0))") }
            if !cpus.isSubset(of: node.inventory.cpuIDs) || !gpus.isSubset(of: node.inventory.gpuIndices)
                || memory > node.inventory.memoryMB {
                problems.append("\(name) is allocated beyond its inventory")
            }
        }
        return problems
    }

    /// A job's fields agree with its state.
    static func problems(of job: Job) -> [String] {
        let id = job.id
        var problems: [String] = []
        if job.history.last?.state != job.state {
            problems.append("job \(id) is \(job.state.rawValue) but its history ends \(String(describing: job.history.last))")
        }
        switch job.state {
        case .pending:
            if job.reason.isEmpty { problems.append("pending job \(id) has no reason") }
            if job.held && job.pendingReason != .held {
                problems.append("held job \(id) says \(job.reason)")
            }
            if job.pendingReason == nil {
                problems.append("pending job \(id) has no pending reason (it says \"\(job.reason)\")")
            }
            if job.allocation != nil || !job.activeNodes.isEmpty {
                problems.append("pending job \(id) holds resources")
            }
        case .running:
            guard let allocation = job.allocation, let rank0 = allocation.nodes.first else {
                problems.append("running job \(id) has no allocation")
                break
            }
            if allocation.nodes.count != job.spec.request.nodes {
                problems.append("running job \(id) has \(allocation.nodes.count) nodes, asked \(job.spec.request.nodes)")
            }
            // A batch body's end is the job's end: while the job runs, its first node does. A command on every node
            // runs until its last part ends.
            let bodyOnRankZero = job.spec.script != nil || job.spec.interactive == true
            if bodyOnRankZero && !job.activeNodes.contains(rank0.node) { problems.append("running job \(id) lost rank 0") }
            if job.activeNodes.isEmpty { problems.append("running job \(id) holds no node") }
            if job.startTime == nil { problems.append("running job \(id) has no start time") }
        default:
            if job.endTime == nil { problems.append("ended job \(id) has no end time") }
        }
        return problems
    }

    /// Launches go to live nodes for jobs that hold them; after a timer tick, the next wake-up is in the future.
    static func effectProblems(_ fx: Effects, in state: ClusterState, at now: Instant, timerFired: Bool) -> [String] {
        var problems: [String] = []
        for launch in fx.launches {
            let job = state.jobs[launch.job]
            let node = state.nodes[launch.node]
            if job?.state != .running || job?.activeNodes.contains(launch.node) != true {
                problems.append("\(launch) for a job that does not hold the node")
            }
            if node?.status != .up || node?.connected != true {
                problems.append("\(launch) to a node that is not up and connected")
            }
        }
        if Set(fx.launches).count != fx.launches.count { problems.append("duplicate launches \(fx.launches)") }
        if timerFired, let wake = fx.wakeAt, wake <= now {
            problems.append("after a timer tick at \(now) the core asks to be woken at \(wake) again")
        }
        return problems
    }
}

/// What a shell's database holds if it commits every `Transition`: job rows, history rows and node rows.
/// `recovered(at:)` rebuilds a `ClusterState` from them the way schedd's recovery does.
struct DurableReplica {
    var jobs: [JobID: Job] = [:]
    var history: [JobID: [StateChange]] = [:]
    var nodes: [String: Node] = [:]
    /// Jobs retired from the live state: their rows stay, and a restart does not load them.
    var retired: Set<JobID> = []

    mutating func commit(_ transitions: [Transition]) {
        for transition in transitions {
            switch transition {
            case .jobChanged(let job): jobs[job.id] = job
            case .jobHistoryAppended(let id, let change): history[id, default: []].append(change)
            case .jobRetired(let id): retired.insert(id)
            case .nodeChanged(let node): nodes[node.name] = node
            case .usageCharged, .accountsChanged, .qosChanged, .auditRecorded: break // accounting: not replayed here
            }
        }
    }

    /// Rows → state: each job with its history from the history rows, nodes from their inventory and status.
    func recovered(at now: Instant, accounts: AccountRegistry) -> ClusterState {
        let rows = jobs.values.filter { !retired.contains($0.id) }.map { job -> Job in
            var job = job
            job.history = history[job.id] ?? []
            return job
        }
        let nodeRows = nodes.values.map {
            Node(inventory: $0.inventory, status: $0.status, connected: false, lastHeard: now)
        }
        // As the store: the next id from every row, and the final states of retired jobs live ones name.
        var outcomes: [JobID: JobState] = [:]
        for job in rows where !job.state.isTerminal {
            for id in job.dependency?.conditions.flatMap(\.jobs) ?? [] where retired.contains(id) {
                outcomes[id] = jobs[id]?.state
            }
        }
        return ClusterState(jobs: rows, nodes: nodeRows, accounts: accounts,
                            nextJobID: (jobs.keys.map(\.rawValue).max() ?? 0) + 1, retiredOutcomes: outcomes)
    }
}
