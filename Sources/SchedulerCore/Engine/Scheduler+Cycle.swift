/// The scheduling cycle: which pending jobs start now, and why the others wait.
///
/// 1. Order pending jobs by multifactor priority (fair share, age, size, QoS; docs/FAIRSHARE.md §8), with
///    idle-capacity-only jobs (scavenger) after all others.
/// 2. For each job in that order: held → `Held`; dependencies not yet met → `Dependency`, or
///    `DependencyNeverSatisfied` when they cannot be met any more (it stays pending for its owner to cancel, as in
///    Slurm); its job array already runs as many tasks as its `%N` allows → `JobArrayTaskLimit` (none of these
///    block anyone); its accounts forbid it now (budget, limits) → `BudgetExhausted` /
///    `QuotaLimit`, without blocking anyone; otherwise place it (`PlacementPipeline`).
/// 3. The first job that fits the centre but not what is free now blocks the jobs behind it (they wait with
///    `Priority`), so a large job is never starved by a stream of small ones; scavenger jobs start only while
///    nothing else is blocked. Jobs that no node could ever run (or none that is up) never block the queue.
///    Reservations and backfill replace strict blocking in later work.
extension Scheduler {
    mutating func runCycle(at now: Instant, into fx: inout Effects) {
        guard !state.pendingIDs.isEmpty else { return }
        let pipeline = PlacementPipeline(settings: settings)
        var context = PlacementContext(nodes: state.nodes)
        var snapshot = quotaSnapshot(at: now)
        let check = QuotaCheck(accounts: state.accounts, qos: state.book.policy.qos)
        var blocked = false
        var runningTasks: [JobID: Int]?
        for id in priorityOrder(at: now) {
            guard var job = state.jobs[id] else { continue }
            if job.held {
                setReason(&job, .held)
                continue
            }
            if let dependency = job.dependency {
                switch dependencyStatus(dependency, of: job) {
                case .waiting:
                    setReason(&job, .dependency)
                    continue
                case .neverSatisfied:
                    setReason(&job, .dependencyNeverSatisfied)
                    continue
                case .satisfied:
                    break
                }
            }
            if let limit = job.arrayThrottle, let array = job.arrayJobID {
                if runningTasks == nil { runningTasks = runningArrayTasks() }
                if runningTasks?[array, default: 0] ?? 0 >= limit {
                    setReason(&job, .arrayTaskLimit)
                    continue
                }
            }
            let request = job.spec.request
            let quota = quotaRequest(job)
            if state.book.policy.qos[quota.qos].idleCapacityOnly, blocked {
                setReason(&job, context.neverReason(request, pipeline) ?? .priority)
                continue
            }
            if let verdict = check.pendingReason(quota, snapshot: snapshot, at: now) {
                setReason(&job, verdict.reason)
                continue
            }
            if blocked {
                // Behind a blocked head only the never-reasons matter: no allocation is tried.
                // They precede `Priority`: the owner must learn the job cannot run even while the queue is blocked.
                setReason(&job, context.neverReason(request, pipeline) ?? .priority)
                continue
            }
            switch pipeline.place(request, on: context.nodes).outcome {
            case .never(let reason):
                setReason(&job, reason)
            case .placed(let allocation):
                start(&job, on: allocation, at: now, into: &fx)
                if let array = job.arrayJobID, runningTasks != nil { runningTasks?[array, default: 0] += 1 }
                snapshot.admit(quotaRequest(job), accounts: state.accounts)
                for part in allocation.nodes {
                    if let node = state.nodes[part.node] { context.update(node) }
                }
            case .busy:
                blocked = true
                setReason(&job, .resources)
            }
        }
    }

    /// Whether a pending job's dependencies are met now, may still be met, or never can be.
    func dependencyStatus(_ dependency: Dependency, of job: Job) -> Dependency.Status {
        var waiting = false
        for condition in dependency.conditions {
            for id in condition.jobs {
                guard let other = state.jobs[id] else { return .neverSatisfied }
                guard other.state.isTerminal else { waiting = true; continue }
                let succeeded = other.state == .completed
                switch condition.kind {
                case .afterok where !succeeded, .afternotok where succeeded: return .neverSatisfied
                case .afterok, .afternotok, .afterany: break
                }
            }
        }
        if waiting { return .waiting }
        if dependency.singleton {
            let ahead = state.jobs.values.contains { other in
                other.id != job.id && other.spec.user == job.spec.user && other.spec.name == job.spec.name
                    && (other.state == .running || (other.state == .pending && other.id < job.id))
            }
            if ahead { return .waiting }
        }
        return .satisfied
    }

    /// Running tasks per throttled job array.
    private func runningArrayTasks() -> [JobID: Int] {
        var counts: [JobID: Int] = [:]
        for job in state.jobs.values where job.state == .running && job.arrayThrottle != nil {
            if let array = job.arrayJobID { counts[array, default: 0] += 1 }
        }
        return counts
    }

    /// Pending job ids, highest priority first; idle-capacity-only jobs last.
    func priorityOrder(at now: Instant) -> [JobID] {
        let factors = state.book.fairShare(accounts: state.accounts, at: now)
        let priority = multifactorPriority()
        let idleOnly = { (job: Job) in self.state.book.policy.qos[self.qos(of: job)].idleCapacityOnly }
        let ranked = state.pendingIDs.compactMap { state.jobs[$0] }.map { job in
            (job, idleOnly(job), priority.breakdown(priorityInput(job, factors: factors), at: now))
        }
        return ranked.sorted { a, b in
            if a.1 != b.1 { return !a.1 }
            return PriorityBreakdown.runsBefore(a.2, b.2)
        }.map(\.0.id)
    }

    func multifactorPriority() -> MultifactorPriority {
        let policy = state.book.policy
        let gpus = state.nodes.values.reduce(0) { $0 + $1.inventory.gpuIndices.count }
        let cpus = state.nodes.values.reduce(0) { $0 + $1.inventory.cpuIDs.count }
        return MultifactorPriority(weights: policy.priorityWeights, maxAge: policy.maxAge, clusterGPUs: gpus,
                                   clusterCPUs: cpus, qos: policy.qos)
    }

    func priorityInput(_ job: Job, factors: FairShareFactors) -> PriorityInput {
        let request = job.spec.request
        let fairShare = factors.factor(for: UsageKey(project: job.spec.project, user: job.spec.user)) ?? 1
        return PriorityInput(job: job.id, submitTime: job.submitTime, qos: qos(of: job),
                             gpus: request.nodes * request.gpusPerNode, cpus: request.nodes * request.cpusPerNode,
                             fairShare: fairShare)
    }

    /// Pending reasons are recomputed every cycle, so they live in memory only (no transition).
    private mutating func setReason(_ job: inout Job, _ reason: PendingReason) {
        guard job.reason != reason.rawValue else { return }
        job.reason = reason.rawValue
        state.update(job)
    }

    private mutating func start(_ job: inout Job, on allocation: Allocation, at now: Instant, into fx: inout Effects) {
        for part in allocation.nodes {
            state.nodes[part.node]?.hold(part, for: job.id)
        }
        job.allocation = allocation
        job.activeNodes = allocation.nodeNames
        job.startedNodes = []
        job.startTime = now
        transition(&job, to: .running, reason: "Allocated \(allocation.nodeNames.joined(separator: ","))",
                   at: now, into: &fx)
        for part in allocation.nodes {
            fx.outbound.append(.launch(job.id, node: part.node))
        }
    }
}
