import SchedulerProtocol

/// Launching a part: admitted (not a run that is here or already ended here), written down in the spool, confirmed
/// by schedd in time, and only then started. While a launch is on its way, pushes about its job wait for it.
extension AgentStateMachine {
    mutating func handleLaunch(_ event: AgentEvent, now: AgentTime) -> [AgentAction] {
        switch event {
        case .partRecordWritten(let job, let epoch, let failure):
            guard let claim = claims[job], claim.launch.epoch == epoch, claim.phase == .recording else { return [] }
            guard let failure else {
                claims[job]?.phase = .asking(sinceMs: now.monotonicMs)
                return [.claim(job: job, epoch: epoch)]
            }
            let deferred = takeClaim(job)
            return record(Self.exit(job, epoch: epoch, .init(exitCode: 1, signal: 0, launchFailure: "launch failed: \(failure)"),
                                    timedOut: false, now: now))
                + replay(deferred, now: now)
        case .claimAnswered(let job, let epoch, let answer):
            guard let claim = claims[job], claim.launch.epoch == epoch, case .asking(let since) = claim.phase else {
                return []
            }
            return claimAnswered(claim, answer, askedAtMs: since, now: now)
        case .partStarted(let job, let epoch, let shepherd):
            guard let claim = claims[job], claim.launch.epoch == epoch, claim.phase == .starting else { return [] }
            let deferred = takeClaim(job)
            var record = claim.record
            record.shepherd = shepherd
            return [.updatePartRecord(record)] + track(record, shepherd: shepherd, now: now)
                + [.log(.info, shepherd == 0 ? "job \(job) holds this node for its srun tasks"
                                             : "job \(job) started (shepherd pid \(shepherd))")]
                + replay(deferred, now: now)
        case .partStartFailed(let job, let epoch, let why):
            guard let claim = claims[job], claim.launch.epoch == epoch, claim.phase == .starting else { return [] }
            let deferred = takeClaim(job)
            return [.log(.warning, "job \(job) could not start: \(why)"), .cleanUp(job: job)]
                + record(Self.exit(job, epoch: epoch, .init(exitCode: 1, signal: 0, launchFailure: "launch failed: \(why)"),
                                   timedOut: false, now: now))
                + replay(deferred, now: now)
        default:
            return []
        }
    }

    /// A push is new work only if no run of the job at this epoch or later is here or ended here with its report
    /// unacknowledged. An earlier run still here (kept while this node was cut off) is killed: schedd has moved on.
    /// An unacknowledged report of an earlier run is dropped, in the spool too (schedd requeued that run, and a
    /// restart must not take that report for the end of this run).
    mutating func admit(_ launch: LaunchJob, now: AgentTime) -> [AgentAction] {
        let id = launch.jobID
        var actions: [AgentAction] = []
        if let current = parts[id] {
            guard launch.epoch > current.epoch else { return [] } // a duplicate push
            actions.append(.log(.warning, "job \(id): run \(current.epoch) is still here while run \(launch.epoch) starts; killing it"))
            actions += forget(id, current)
        }
        if let pending = exits[id], pending.epoch < launch.epoch {
            exits[id] = nil
            actions.append(.dropExitReport(job: id))
        }
        guard exits[id] == nil else { return actions } // this run already ended here
        let record = PartRecord(launch: launch, at: Double(now.wallMs) / 1_000)
        claims[id] = Claim(launch: launch, record: record, phase: .recording)
        return actions + [.writePartRecord(record)]
    }

    /// Without a timely confirmation nothing of the job runs. Unanswered or late, schedd may have committed the
    /// start: it is told (by a report before the node registers again) that nothing ran, so the job is requeued
    /// rather than counted as lost while running.
    private mutating func claimAnswered(_ claim: Claim, _ answer: ClaimAnswer, askedAtMs: Int64,
                                        now: AgentTime) -> [AgentAction] {
        let id = claim.launch.jobID
        let epoch = claim.launch.epoch
        if answer == .confirmed, now.monotonicMs - askedAtMs < fenceWindowMs {
            claims[id]?.phase = .starting
            return [.startPart(claim.launch)]
        }
        let deferred = takeClaim(id)
        var actions: [AgentAction]
        switch answer {
        case .confirmed:
            actions = [.log(.warning, "job \(id): the launch was confirmed too late (this node may have been fenced meanwhile); not starting it"),
                       .cleanUp(job: id)]
                + record(Self.neverStarted(id, epoch: epoch, "the launch was not started (no timely confirmation)", now: now))
        case .refused(let why):
            actions = [.log(.warning, "job \(id): schedd refused the launch (\(why)); not starting it"), .cleanUp(job: id)]
        case .unanswered(let why):
            actions = [.log(.warning, "job \(id): schedd did not confirm the launch (\(why)); not starting it"),
                       .cleanUp(job: id)]
                + record(Self.neverStarted(id, epoch: epoch, "the launch was not started (no timely confirmation)", now: now))
        }
        return actions + replay(deferred, now: now)
    }

    /// Ends the launch's claim on its job and hands back the pushes that waited for it.
    private mutating func takeClaim(_ job: UInt64) -> [AgentPush] {
        claims.removeValue(forKey: job)?.deferred ?? []
    }

    /// Carries out pushes that waited, in the order they came.
    mutating func replay(_ pushes: [AgentPush], now: AgentTime) -> [AgentAction] {
        var actions: [AgentAction] = []
        for push in pushes { actions += handlePush(push, now: now) }
        return actions
    }
}
