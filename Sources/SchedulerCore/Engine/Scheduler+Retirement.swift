/// Retiring finished jobs from the live state after `SchedulerSettings.jobRetention` (Slurm's MinJobAge).
///
/// Runs at the end of every `handle`, after the cycle, so a job that ends in a batch was seen by that batch's cycle;
/// `nextWake` wakes the shell when the next retention runs out. What stays behind is only what live jobs need: the
/// final states that pending and running jobs' dependencies name (`Retirements.outcomes`). Nothing a live job's scheduling reads
/// changes: quotas, fair share and the ledger look at running jobs and the accounting book, singleton at pending and
/// running jobs, array throttles at running tasks.
extension Scheduler {
    mutating func retireFinishedJobs(at now: Instant, into fx: inout Effects) {
        guard let retention = settings.jobRetention else { return }
        let due = state.retirements.due(at: now, retention: retention)
        guard !due.isEmpty else { return }
        var leaving: [JobID] = []
        for id in due {
            guard let job = state.jobs[id] else { continue }
            if job.isCompleting {
                state.retirements.stillCompleting(id)
                continue
            }
            guard let array = job.arrayJobID else {
                leaving.append(id)
                continue
            }
            // An array leaves as a whole, so its id keeps naming all its tasks while any of them is live.
            if state.retirements.settle(taskOf: array) {
                leaving += state.tasks(ofArray: array).filter { task in
                    state.jobs[task].map { $0.state.isTerminal && !$0.isCompleting } ?? false
                }
            }
        }
        guard !leaving.isEmpty else { return }
        // In id order: a restarted core knows jobs that ended at the same instant in id order, not in the order of
        // their events, and must retire them the same way.
        leaving.sort()
        let referenced = dependedOn()
        var outcomes = state.retirements.outcomes.filter { referenced.contains($0.key) }
        for id in leaving {
            guard let job = state.jobs[id] else { continue }
            if referenced.contains(id) { outcomes[id] = job.state }
            state.retire(id)
            fx.transitions.append(.jobRetired(id))
        }
        state.retirements.outcomes = outcomes
    }

    /// Every job a live job's dependency names: pending ones wait on them, and a running one looks at its dependency
    /// again if it is requeued (finished jobs never do).
    private func dependedOn() -> Set<JobID> {
        var ids = Set<JobID>()
        for id in state.pendingIDs.union(state.runningIDs) {
            guard let conditions = state.jobs[id]?.dependency?.conditions else { continue }
            for condition in conditions { ids.formUnion(condition.jobs) }
        }
        return ids
    }
}
