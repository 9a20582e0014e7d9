/// Taking back, after the agent restarts, what a previous agent process launched (the jobs keep running under their
/// shepherds while no agent runs: systemd stops only the agent, `KillMode=process`). The driver reads the spool and
/// /proc before `started`; registration then tells schedd the truth about this node.
extension AgentStateMachine {
    mutating func handleSpool(_ event: AgentEvent, now: AgentTime) -> [AgentAction] {
        switch event {
        case .spoolReportFound(let exit):
            exits[exit.jobID] = exit // already in the spool: sent again once connected
            return []
        case .spoolPartFound(let record, let finding):
            return adopt(record, finding, now: now)
        default:
            return []
        }
    }

    private mutating func adopt(_ record: PartRecord, _ finding: SpoolFinding, now: AgentTime) -> [AgentAction] {
        let id = record.jobID
        guard exits[id] == nil else {
            adoption.ended += 1
            return [.cleanUp(job: id)] // reported already
        }
        switch finding {
        case .shepherdRunning(let pid):
            // Looked for even when the record has no pid: the agent may have died between spawning the shepherd and
            // writing its pid down.
            adoption.adopted += 1
            var found = record
            found.shepherd = pid
            return track(found, shepherd: pid, now: now)
                + [.watchShepherd(job: id, epoch: record.epoch, pid: pid),
                   .log(.info, "job \(id): still running (shepherd pid \(pid)); supervising it again")]
        case .shepherdGone where record.holdsForSteps && record.shepherd == 0:
            adoption.adopted += 1
            return track(record, shepherd: 0, now: now) // its srun tasks did not outlive the old agent
                + [.log(.info, "job \(id): took back its share of this node (srun tasks)")]
        case .shepherdGone(let exitStatusRecorded, _) where record.shepherd == nil && !exitStatusRecorded:
            // Stopped before its shepherd was spawned (perhaps after schedd confirmed it): nothing of it ran. Said so,
            // schedd requeues it instead of counting a job that never ran as failed with its node.
            return [.cleanUp(job: id)]
                + self.record(Self.neverStarted(id, epoch: record.epoch, "the agent restarted before starting it", now: now))
        case .shepherdGone(_, let termination):
            adoption.ended += 1
            _ = track(record, shepherd: record.shepherd ?? 0, now: now) // no timers: it is over
            return ended(id, epoch: record.epoch, termination, now: now)
        }
    }
}
