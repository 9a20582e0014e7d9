/// Queue order: every pending job's multifactor priority (docs/FAIRSHARE.md §8), highest first, with
/// idle-capacity-only jobs (scavenger) after all others.
extension Scheduler {
    /// Ranks every pending job at `now` into a fresh plan order (a full cycle's first step).
    mutating func rank(at now: Instant) {
        plan.queue.factors = state.book.fairShare(accounts: state.accounts, at: now)
        plan.queue.priority = multifactorPriority()
        plan.queue.rankedAt = now
        plan.queue.forgetShapes()
        var entries: [QueueOrder.Entry] = []
        entries.reserveCapacity(state.pendingIDs.count)
        for id in state.pendingIDs {
            guard let job = state.jobs[id], let entry = makeEntry(job) else { continue }
            entries.append(entry)
        }
        entries.sort(by: QueueOrder.precedes)
        plan.queue.entries = entries
        plan.nodes.follow(state.nodes.keys)
        plan.quota = quotaSnapshot(at: now)
    }

    /// The job's place in the order the last ranking made, or nil before any ranking.
    mutating func makeEntry(_ job: Job) -> QueueOrder.Entry? {
        guard let priority = plan.queue.priority, let rankedAt = plan.queue.rankedAt else { return nil }
        let total = priority.breakdown(priorityInput(job, factors: plan.queue.factors), at: rankedAt).total
        let shape = PlacementAsk(job.spec.request, settings: settings).shape
        return QueueOrder.Entry(id: job.id, priority: total, submitMs: job.submitTime.milliseconds,
                                    shape: plan.queue.intern(shape, request: job.spec.request),
                                    limitMs: timeLimit(of: job).milliseconds,
                                    idleOnly: state.book.policy.qos[job.qos].idleCapacityOnly)
    }

    /// Pending job ids, highest priority first; idle-capacity-only jobs last (what a full cycle at `now` walks).
    func priorityOrder(at now: Instant) -> [JobID] {
        var copy = self
        copy.rank(at: now)
        return copy.plan.queue.entries.map(\.id)
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
                             qos: job.qos, gpus: request.nodes * request.gpusPerNode,
                             cpus: request.nodes * request.cpusPerNode, fairShare: fairShare, nice: job.spec.nice ?? 0)
    }
}
