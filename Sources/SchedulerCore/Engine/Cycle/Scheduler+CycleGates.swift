/// Step 1 of a job's evaluation: the gates that make a job wait without blocking anyone (held, begin time,
/// dependencies, array throttle, limits and budget), in `PendingReason` precedence; and step 2: the shape's
/// never-verdict on the centre as it is.
extension Scheduler {
    /// The gates that make a job wait without blocking anyone, in `PendingReason` precedence.
    mutating func gateReason(_ job: Job, _ run: inout CycleRun) -> PendingReason? {
        if job.held { return .held }
        if let begin = job.spec.beginTime, begin > run.now {
            plan.changes.nextBegin = min(plan.changes.nextBegin ?? begin, begin)
            return .beginTime
        }
        if let dependency = job.dependency {
            switch dependencyStatus(dependency, of: job) {
            case .waiting:
                plan.changes.conditional.insert(job.id)
                return .dependency
            case .neverSatisfied:
                return .dependencyNeverSatisfied
            case .satisfied:
                break
            }
        }
        if let limit = job.arrayThrottle, let array = job.arrayJobID {
            if run.runningTasks == nil { run.runningTasks = runningArrayTasks() }
            if run.runningTasks?[array, default: 0] ?? 0 >= limit {
                plan.changes.conditional.insert(job.id)
                return .arrayTaskLimit
            }
        }
        let quota = quotaRequest(job)
        let verdict: QuotaVerdict?
        if let memo = run.quotaVerdicts[quota] {
            verdict = memo
        } else {
            verdict = plan.quota.flatMap { run.check.pendingReason(quota, snapshot: $0, at: run.now) }
            run.quotaVerdicts[quota] = verdict
        }
        if let verdict {
            plan.changes.conditional.insert(job.id)
            return verdict.reason
        }
        return nil
    }

    /// Whether a pending job's dependencies are met now, may still be met, or never can be.
    func dependencyStatus(_ dependency: Dependency, of job: Job) -> Dependency.Status {
        var waiting = false
        for condition in dependency.conditions {
            for id in condition.jobs {
                // A retired job ended before it left: its final state is kept while pending jobs name it.
                guard let final = state.jobs[id]?.state ?? state.retirements.outcomes[id] else { return .neverSatisfied }
                guard final.isTerminal else { waiting = true; continue }
                let succeeded = final == .completed
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
        for id in state.runningIDs {
            guard let job = state.jobs[id], job.arrayThrottle != nil, let array = job.arrayJobID else { continue }
            counts[array, default: 0] += 1
        }
        return counts
    }

    /// `Unsatisfiable`/`NodesDown`/`ReqNodeNotAvail` for the shape, or nil: an array lookup per job; the context
    /// remembers the verdict per shape until a node changes status or inventory.
    mutating func neverReason(_ shape: Int32, _ request: ResourceRequest, _ run: inout CycleRun) -> PendingReason? {
        if run.never.count != plan.queue.shapes.count { run.never = Array(repeating: nil, count: plan.queue.shapes.count) }
        let index = Int(shape)
        guard index < run.never.count else { return run.context.neverReason(request, run.pipeline) }
        if let known = run.never[index] { return known.reason }
        let reason = run.context.neverReason(request, run.pipeline)
        run.never[index] = reason.map(ShapeVerdict.never) ?? .mayRun
        return reason
    }
}
