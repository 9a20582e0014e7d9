/// Charging running jobs as they run, and keeping them within their budgets (docs/FAIRSHARE.md §9).
extension Scheduler {
    /// At each accounting tick: charge every running job up to `now`, then move jobs whose budget is spent to
    /// scavenger (free, preemptible) so a long job can never overrun its budget by more than one tick.
    mutating func chargeRunningJobs(at now: Instant, into fx: inout Effects) {
        if let due = state.nextAccountingTick, now < due { return }
        state.nextAccountingTick = state.book.nextTick(after: now)
        let running = runningJobs()
        let charges = state.book.tick(running: running.map(chargeable), at: now, accounts: state.accounts)
        fx.transitions += charges.map(Transition.usageCharged)
        guard !charges.isEmpty else { return }
        needFullCycle() // fair share and budgets moved
        let snapshot = quotaSnapshot(at: now)
        let check = QuotaCheck(accounts: state.accounts, qos: state.book.policy.qos)
        for job in running {
            guard let verdict = check.budgetVerdict(forRunning: quotaRequest(job), snapshot: snapshot, at: now) else {
                continue
            }
            demoteToScavenger(job, because: verdict, at: now, into: &fx)
        }
    }

    /// The last charge of a job that stops running (it ended, was cancelled, lost or requeued).
    mutating func chargeEnd(of job: Job, at now: Instant, into fx: inout Effects) {
        guard job.state == .running, job.allocation != nil,
              let charge = state.book.jobEnded(chargeable(job), at: now, accounts: state.accounts) else { return }
        fx.transitions.append(.usageCharged(charge))
    }

    private mutating func demoteToScavenger(_ job: Job, because verdict: QuotaVerdict, at now: Instant,
                                            into fx: inout Effects) {
        var job = job
        let change = StateChange(at: now, state: .running, reason: "QoS scavenger: \(verdict.message)")
        job.qos = .scavenger
        job.notes.append("moved to QoS scavenger while running: \(verdict.message)")
        job.record(change)
        save(job, into: &fx)
        fx.transitions.append(.jobHistoryAppended(job.id, change))
    }

    func runningJobs() -> [Job] {
        state.runningIDs.sorted().compactMap { state.jobs[$0] }
    }

    /// What a running job holds, summed over its nodes: an exclusive job pays for whole nodes.
    func chargeable(_ job: Job) -> ChargeableJob {
        let parts = job.allocation?.nodes ?? []
        let model = parts.first { !$0.gpus.isEmpty }.flatMap { state.nodes[$0.node]?.inventory.gpuModel }
        let resources = ChargeableResources(gpus: parts.reduce(0) { $0 + $1.gpus.count }, gpuModel: model,
                                            cpus: parts.reduce(0) { $0 + $1.cpus.count },
                                            memoryMB: parts.reduce(0) { $0 + $1.memoryMB })
        return ChargeableJob(id: job.id, project: job.spec.project, user: job.spec.user, qos: job.qos,
                             resources: resources, startedAt: job.startTime ?? Instant.zero)
    }

    func quotaRequest(_ job: Job) -> QuotaRequest {
        let request = job.spec.request
        let gpus = job.allocation.map { $0.nodes.reduce(0) { $0 + $1.gpus.count } } ?? request.nodes * request.gpusPerNode
        return QuotaRequest(project: job.spec.project, qos: job.qos, gpus: gpus, gpuModel: request.gpuModel,
                            timeLimit: request.timeLimit)
    }

    func quotaSnapshot(at now: Instant) -> QuotaSnapshot {
        // Sums only: the running jobs' order does not matter, so they need no sorting.
        state.book.quotaSnapshot(accounts: state.accounts,
                                 running: state.runningIDs.compactMap { state.jobs[$0].map(quotaRequest) }, at: now)
    }
}
