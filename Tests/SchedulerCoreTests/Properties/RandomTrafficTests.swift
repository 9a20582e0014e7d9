import Testing
@testable import SchedulerCore

/// Runs seeded random traffic through a `TestCluster`, checking the invariants after every batch.
struct RandomRun {
    static let steps = 250

    var cluster = TestCluster()
    var workload: RandomWorkload
    var checker = InvariantChecker()
    var replica = DurableReplica()
    let seed: UInt64
    /// Off for tests that only need the traffic (the invariants test checks the same seeds' steps).
    let checked: Bool

    init(seed: UInt64, checked: Bool = true) {
        self.seed = seed
        self.checked = checked
        workload = RandomWorkload(seed: seed)
    }

    /// Feeds one batch; returns the violations it caused (each tagged with seed and step, to replay it).
    mutating func step(_ index: Int) -> [String] {
        let next = workload.next(given: cluster.state)
        cluster.setClock(cluster.now + next.advance)
        let fx = cluster.handle(next.events)
        guard checked else { return [] }
        replica.commit(fx.transitions)
        let timerFired = next.events.contains { if case .timerFired = $0 { true } else { false } }
        var problems = checker.violations(in: cluster.state, after: fx, at: cluster.now, timerFired: timerFired)
        problems += Self.contextProblems(cluster.scheduler)
        // Rebuilding the whole state is the costly check: every few steps, and always at the end.
        if index % 5 == 4 || index == Self.steps - 1 { problems += recoveryProblems() }
        return problems.map { "seed \(seed) step \(index): \($0)" }
    }

    /// The placement context the plan keeps between cycles must hold what the nodes hold, once the nodes freed
    /// since the last cycle are refreshed (those are exactly `plan.changes.dirtyNodes`).
    static func contextProblems(_ scheduler: Scheduler) -> [String] {
        guard let context = scheduler.plan.nodes.context else { return [] }
        var problems: [String] = []
        for kept in context.nodes {
            guard let live = scheduler.state.nodes[kept.name] else {
                problems.append("the plan's context has node \(kept.name), the state has not")
                continue
            }
            if scheduler.plan.changes.dirtyNodes.contains(kept.name) { continue }
            if kept.allocatedCPUs != live.allocatedCPUs || kept.allocatedGPUs != live.allocatedGPUs
                || kept.allocatedMemoryMBByNUMA != live.allocatedMemoryMBByNUMA || kept.jobs != live.jobs
                || kept.status != live.status || kept.connected != live.connected {
                problems.append("the plan's context disagrees with the state on node \(kept.name)")
            }
        }
        if context.nodes.count != scheduler.state.nodes.count { problems.append("the plan's context misses nodes") }
        return problems
    }

    /// What a restart would load from the committed rows must hold exactly the resources the live state holds.
    func recoveryProblems() -> [String] {
        let live = cluster.state
        let recovered = replica.recovered(at: cluster.now, accounts: live.accounts)
        var problems: [String] = []
        if recovered.nextJobID != live.nextJobID { problems.append("recovered next id \(recovered.nextJobID) ≠ \(live.nextJobID)") }
        if recovered.pendingIDs != live.pendingIDs { problems.append("recovered pending jobs differ") }
        for (id, job) in live.jobs {
            guard var row = recovered.jobs[id] else {
                problems.append("job \(id) was never committed")
                continue
            }
            // Pending reasons are recomputed every cycle and deliberately not committed.
            if job.state == .pending { (row.pendingReason, row.pendingDetail) = (job.pendingReason, job.pendingDetail) }
            if row != job { problems.append("committed job \(id) differs from the live one:\n  \(row)\n  \(job)") }
        }
        for (name, node) in live.nodes {
            guard let rebuilt = recovered.nodes[name] else {
                problems.append("node \(name) was never committed")
                continue
            }
            if rebuilt.status != node.status { problems.append("committed \(name) is \(rebuilt.status), live \(node.status)") }
            if rebuilt.allocatedCPUs != node.allocatedCPUs || rebuilt.allocatedGPUs != node.allocatedGPUs
                || rebuilt.allocatedMemoryMB != node.allocatedMemoryMB || rebuilt.jobs != node.jobs
                || rebuilt.allocatedMemoryMBByNUMA != node.allocatedMemoryMBByNUMA {
                problems.append("recovered allocations of \(name) differ from the live ones")
            }
        }
        return problems
    }
}

@Suite("Random traffic")
struct RandomTrafficTests {
    static let seeds: [UInt64] = Array(1...20)

    @Test(arguments: seeds)
    func invariantsHoldAfterEveryStep(seed: UInt64) {
        var run = RandomRun(seed: seed)
        for index in 0..<RandomRun.steps {
            let problems = run.step(index)
            if !problems.isEmpty {
                Issue.record(Comment(rawValue: problems.prefix(5).joined(separator: "\n")))
                return
            }
        }
        // The traffic really exercised the core (guards against a workload that silently does nothing).
        let states = Set(run.cluster.state.jobs.values.map(\.state))
        #expect(run.cluster.launches.count > 10)
        #expect(states.contains(.completed))
        #expect(states.count >= 3)
    }

    @Test func workloadReachesEveryEndState() {
        var seen: Set<JobState> = []
        var requeues = 0
        for seed in Self.seeds.prefix(10) {
            var run = RandomRun(seed: seed, checked: false)
            for index in 0..<RandomRun.steps { _ = run.step(index) }
            seen.formUnion(run.cluster.state.jobs.values.map(\.state))
            requeues += run.cluster.state.jobs.values.filter {
                $0.history.contains { $0.reason.hasPrefix("Requeued") }
            }.count
        }
        #expect(seen == Set(JobState.allCases))
        #expect(requeues > 0)
    }

    @Test(arguments: [UInt64(7), 1_234, 0xDEAD_BEEF])
    func sameSeedGivesIdenticalTransitionStreams(seed: UInt64) {
        var first = RandomRun(seed: seed, checked: false)
        var second = RandomRun(seed: seed, checked: false)
        for index in 0..<RandomRun.steps {
            _ = first.step(index)
            _ = second.step(index)
        }
        #expect(first.cluster.transitions.count > 100)
        #expect(first.cluster.transitions == second.cluster.transitions)
        #expect(first.cluster.outbound == second.cluster.outbound)
        #expect(first.cluster.log.map(\.wakeAt) == second.cluster.log.map(\.wakeAt))

        var other = RandomRun(seed: seed + 1, checked: false)
        for index in 0..<RandomRun.steps { _ = other.step(index) }
        #expect(other.cluster.transitions != first.cluster.transitions)
    }

    /// `ClusterState(jobs:nodes:)` derives node allocations from the jobs; built from a running scheduler's jobs
    /// and nodes (with their allocations wiped, as the database stores them) it must equal the live state, and a
    /// scheduler started on it must make exactly the same decisions from then on.
    @Test(arguments: [UInt64(3), 99, 4_242])
    func stateRebuiltFromJobsAndNodesEqualsTheLiveState(seed: UInt64) {
        var run = RandomRun(seed: seed, checked: false)
        var fork = 0
        // Fork once enough has happened and some job holds resources.
        while fork < 120 || (!run.cluster.state.jobs.values.contains { !$0.activeNodes.isEmpty } && fork < 200) {
            _ = run.step(fork)
            fork += 1
        }

        let live = run.cluster.state
        let bareNodes = live.nodes.values.map {
            Node(inventory: $0.inventory, status: $0.status, connected: $0.connected, lastHeard: $0.lastHeard)
        }
        // The accounting book comes back from the usage ledger (a store concern), so it is carried over here.
        var rebuilt = ClusterState(jobs: Array(live.jobs.values), nodes: bareNodes, accounts: live.accounts, book: live.book)
        rebuilt.nextAccountingTick = live.nextAccountingTick
        #expect(live.jobs.values.contains { !$0.activeNodes.isEmpty })
        for (name, node) in live.nodes {
            #expect(rebuilt.nodes[name]?.allocatedCPUs == node.allocatedCPUs, "\(name)")
            #expect(rebuilt.nodes[name]?.allocatedGPUs == node.allocatedGPUs, "\(name)")
            #expect(rebuilt.nodes[name]?.allocatedMemoryMB == node.allocatedMemoryMB, "\(name)")
            #expect(rebuilt.nodes[name]?.jobs == node.jobs, "\(name)")
        }
        #expect(rebuilt == live)

        // The plan (queue order, reservations) is derived and not stored: a restarted scheduler begins with a full
        // cycle. Carrying it over checks that nothing else the decisions depend on is missing from the state.
        var restarted = Scheduler(state: rebuilt, settings: run.cluster.settings)
        restarted.plan = run.cluster.scheduler.plan
        var twin = TestCluster(scheduler: restarted, now: run.cluster.now)
        for index in fork..<RandomRun.steps {
            _ = run.step(index)
            // Replay exactly the batch the live run just handled, at the same instant.
            twin.setClock(run.cluster.now)
            let twinFx = twin.handle(run.cluster.handledEvents.last ?? [])
            #expect(twinFx == run.cluster.lastEffects, "step \(index)")
        }
        #expect(twin.state == run.cluster.state)
    }
}
