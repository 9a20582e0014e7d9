/// Cancel, hold and release: researcher and admin actions on existing jobs.
extension Scheduler {
    mutating func cancel(_ id: JobID, by principal: Principal, at now: Instant, into fx: inout Effects) -> JobActionOutcome {
        guard var job = controllableJob(id, by: principal) else {
            return JobActionOutcome(jobID: id, rejection: notVisible(id, to: principal))
        }
        guard !job.state.isTerminal else {
            return JobActionOutcome(jobID: id, rejection: Rejection(.conflict, "job \(id) already ended (\(job.state.rawValue))"))
        }
        let wasRunning = job.state == .running
        transition(&job, to: .cancelled, reason: "Cancelled by \(principal.name)", at: now, into: &fx)
        // Resources stay held until each agent reports the processes gone (see `partEnded`).
        if wasRunning {
            for node in job.activeNodes {
                fx.outbound.append(.kill(id, node: node, reason: "cancelled by \(principal.name)"))
            }
        }
        return JobActionOutcome(jobID: id)
    }

    /// Ends an interactive allocation as its session ended: COMPLETED for exit code 0, FAILED otherwise, as Slurm
    /// ends an `srun`/`salloc` allocation. One still waiting is cancelled; a batch job is refused (its script ends it).
    mutating func endAllocation(_ id: JobID, exitCode: Int32, by principal: Principal, at now: Instant,
                                into fx: inout Effects) -> JobActionOutcome {
        guard var job = controllableJob(id, by: principal) else {
            return JobActionOutcome(jobID: id, rejection: notVisible(id, to: principal))
        }
        guard job.spec.interactive == true else {
            return JobActionOutcome(jobID: id, rejection: Rejection(
                .conflict, "job \(id) is a batch job; it ends when its script does", hint: "to stop it: aisubmit cancel \(id)"))
        }
        guard job.state == .running else { return cancel(id, by: principal, at: now, into: &fx) }
        job.exitCode = exitCode
        job.signal = 0
        transition(&job, to: exitCode == 0 ? .completed : .failed,
                   reason: "Interactive session ended with exit code \(exitCode)", at: now, into: &fx)
        for node in job.activeNodes {
            fx.outbound.append(.kill(id, node: node, reason: "interactive session ended"))
        }
        return JobActionOutcome(jobID: id)
    }

    mutating func setHeld(_ id: JobID, _ held: Bool, by principal: Principal, at now: Instant,
                          into fx: inout Effects) -> JobActionOutcome {
        guard var job = controllableJob(id, by: principal) else {
            return JobActionOutcome(jobID: id, rejection: notVisible(id, to: principal))
        }
        guard job.state == .pending else {
            return JobActionOutcome(jobID: id, rejection: Rejection(
                .conflict, "job \(id) is \(job.state.rawValue); only pending jobs can be \(held ? "held" : "released")"))
        }
        guard job.held != held else {
            return JobActionOutcome(jobID: id, rejection: Rejection(
                .conflict, "job \(id) is \(held ? "already held" : "not held")"))
        }
        job.held = held
        transition(&job, to: .pending, reason: held ? "Held by \(principal.name)" : "Released by \(principal.name)",
                   at: now, into: &fx)
        job.pendingReason = held ? .held : .priority
        job.pendingDetail = nil
        state.update(job)
        enqueue(job, isNew: false)
        return JobActionOutcome(jobID: id)
    }

    /// Applies `action` to every job the selectors name. A whole array skips the tasks the action does not apply to
    /// (those already ended, for cancel), as Slurm does; a job named alone, or an array with no task left to act
    /// on, gets the action's own answer; an array task that does not exist is not found.
    mutating func act(on selectors: [JobSelector], where applies: (Job) -> Bool,
                      _ action: (inout Self, JobID) -> JobActionOutcome) -> [JobActionOutcome] {
        var outcomes: [JobActionOutcome] = []
        for selector in selectors {
            let named = state.jobs(selectedBy: selector)
            if named.isEmpty, case .arrayTask(let array, _) = selector {
                outcomes.append(JobActionOutcome(jobID: array, rejection: Rejection(
                    .notFound, "no job \(selector) of yours", hint: "list an array's tasks with `aisubmit queue --all`")))
                continue
            }
            guard named.count > 1 else {
                outcomes.append(action(&self, named.first ?? selector.anchor))
                continue
            }
            let eligible = named.filter { id in state.jobs[id].map(applies) ?? false }
            for id in eligible.isEmpty ? [named[0]] : eligible { outcomes.append(action(&self, id)) }
        }
        return outcomes
    }

    private func controllableJob(_ id: JobID, by principal: Principal) -> Job? {
        guard let job = state.jobs[id], principal.mayControl(job) else { return nil }
        return job
    }

    /// Another user's job is reported as not found, so that job ids do not reveal who runs what.
    func notVisible(_ id: JobID, to principal: Principal) -> Rejection {
        if state.jobs[id] != nil, principal.role == .node {
            return Rejection(.permissionDenied, "a node token cannot act on jobs")
        }
        return Rejection(.notFound, "no job \(id) of yours",
                         hint: principal.role == .user ? "list your jobs with `aisubmit queue --all`" : "")
    }
}
