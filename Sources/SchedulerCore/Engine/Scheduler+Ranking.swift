/// Queue order: every pending job's multifactor priority (docs/FAIRSHARE.md §8), highest first, with
/// idle-capacity-only jobs (scavenger) after all others.
extension Scheduler {
    /// Ranks every pending job at `now` into a fresh plan order (a full cycle's first step).
    mutating func rank(at now: Instant) {
        plan.factors = state.book.fairShare(accounts: state.accounts, at: now)
        plan.priority = multifactorPriority()
        plan.rankedAt = now
        plan.shapes.removeAll(keepingCapacity: true)
        plan.shapeRequests.removeAll(keepingCapacity: true)
        plan.shapeIndex.removeAll(keepingCapacity: true)
        var entries: [SchedulingPlan.Entry] = []
        entries.reserveCapacity(state.pendingIDs.count)
        for id in state.pendingIDs {
            guard let job = state.jobs[id], let entry = makeEntry(job) else { continue }
            entries.append(entry)
        }
        entries.sort(by: SchedulingPlan.precedes)
        plan.entries = entries
        if plan.nodeOrder.count != state.nodes.count {
            plan.nodeOrder = state.nodes.keys.sorted()
            plan.nodePositions = Dictionary(uniqueKeysWithValues: plan.nodeOrder.enumerated().map { ($0.element, $0.offset) })
        }
        plan.quota = quotaSnapshot(at: now)
    }

    /// The job's place in the order the last ranking made, or nil before any ranking.
    mutating func makeEntry(_ job: Job) -> SchedulingPlan.Entry? {
        guard let priority = plan.priority, let rankedAt = plan.rankedAt else { return nil }
        let total = priority.breakdown(priorityInput(job, factors: plan.factors), at: rankedAt).total
        let shape = PlacementAsk(job.spec.request, settings: settings).shape
        return SchedulingPlan.Entry(id: job.id, priority: total, submitMs: job.submitTime.milliseconds,
                                    shape: plan.intern(shape, request: job.spec.request),
                                    limitMs: timeLimit(of: job).milliseconds,
                                    idleOnly: state.book.policy.qos[qos(of: job)].idleCapacityOnly)
    }

    /// Pending job ids, highest priority first; idle-capacity-only jobs last (what a full cycle at `now` walks).
    func priorityOrder(at now: Instant) -> [JobID] {
        var copy = self
        copy.rank(at: now)
        return copy.plan.entries.map(\.id)
    }

    func multifactorPriority() -> MultifactorPriority {
        let policy = state.book.policy
        var gpus = 0
        var cpus = 0
        for node in state.nodes.values {
            gpus += node.inventory.topology.gpus.count
            cpus += node.inventory.cpuIDs.count
        }
        return MultifactorPriority(weights: policy.priorityWeights, maxAge: policy.maxAge, clusterGPUs: gpus,
                                   clusterCPUs: cpus, qos: policy.qos)
    }

    func priorityInput(_ job: Job, factors: FairShareFactors) -> PriorityInput {
        let request = job.spec.request
        let fairShare = factors.factor(for: UsageKey(project: job.spec.project, user: job.spec.user)) ?? 1
        return PriorityInput(job: job.id, submitTime: job.submitTime, eligibleSince: job.spec.beginTime.map { max($0, job.submitTime) },
                             qos: qos(of: job), gpus: request.nodes * request.gpusPerNode,
                             cpus: request.nodes * request.cpusPerNode, fairShare: fairShare, nice: job.spec.nice ?? 0)
    }
}
