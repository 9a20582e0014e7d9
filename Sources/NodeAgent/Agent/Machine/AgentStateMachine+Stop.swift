import Glibc

/// How parts stop: kills (schedd's, the time limit's), the `--signal` warning, SIGKILL after a grace period, a run
/// schedd has moved past, and the end of a part with its report.
extension AgentStateMachine {
    mutating func timerFired(_ timer: AgentTimer, now: AgentTime) -> [AgentAction] {
        switch timer {
        case .reconnect, .heartbeat:
            return linkTimerFired(timer)
        case .timeLimit(let job, let run):
            guard let part = parts[job], part.run == run else { return [] }
            parts[job]?.timedOut = true
            return [.log(.info, "job \(job) reached its time limit")]
                + kill(job, signal: SIGTERM, grace: part.killWait, now: now)
        case .warning(let job, let run, let signal, let batchOnly):
            return warn(job, run: run, signal: signal, batchOnly: batchOnly)
        case .forceKill(let job, let shepherd):
            var actions: [AgentAction] = [.signalSteps(job: job, signal: SIGKILL)]
            if shepherd != 0, parts[job]?.shepherd == shepherd {
                actions.append(.signalPart(job: job, shepherd: shepherd, signal: SIGKILL))
            }
            return actions
        }
    }

    /// `signal` to the job's process group and its step tasks, then SIGKILL after `grace` seconds. A part that runs
    /// nothing of its own (it holds the node for step tasks) ends at once; its tasks get the grace period.
    mutating func kill(_ job: UInt64, signal: Int32, grace: UInt32, now: AgentTime) -> [AgentAction] {
        guard var part = parts[job] else { return [] }
        part.killRequested = true
        parts[job] = part
        var actions: [AgentAction] = [.signalSteps(job: job, signal: signal)]
        let force = AgentAction.setTimer(.forceKill(job: job, shepherd: part.shepherd), afterMs: Int64(grace) * 1_000)
        guard part.shepherd != 0 else {
            actions += ended(job, epoch: part.epoch, .init(exitCode: 128 + signal, signal: signal, launchFailure: ""), now: now)
            return actions + [force]
        }
        return actions + [.signalPart(job: job, shepherd: part.shepherd, signal: signal), force]
    }

    /// `--signal`: without B:, every step's tasks here and a command job's command (its process group), never a
    /// batch shell; with B:, only the batch shell (the script's process itself, not its children, as in Slurm), or a
    /// command job's command, which stands in for both. Not once the part is being killed.
    private func warn(_ job: UInt64, run: UInt64, signal: Int32, batchOnly: Bool) -> [AgentAction] {
        guard let part = parts[job], part.run == run, !part.killRequested else { return [] }
        var actions: [AgentAction] = []
        if part.isBatchShell {
            actions.append(batchOnly ? .signalBatchShell(job: job, shepherd: part.shepherd, signal: signal)
                                     : .signalSteps(job: job, signal: signal))
        } else {
            if !batchOnly { actions.append(.signalSteps(job: job, signal: signal)) }
            if part.shepherd != 0 { actions.append(.signalPart(job: job, shepherd: part.shepherd, signal: signal)) }
        }
        return actions + [.log(.info, "job \(job): sent signal \(signal) ahead of its time limit (--signal\(batchOnly ? " B:" : ""))")]
    }

    /// Stops tracking an earlier run of a job (its report would be about a run schedd has moved past) and kills it.
    mutating func forget(_ job: UInt64, _ part: Part) -> [AgentAction] {
        parts[job] = nil
        var actions: [AgentAction] = []
        if part.shepherd != 0 { actions.append(.killRun(job: job, shepherd: part.shepherd)) }
        return actions + [.signalSteps(job: job, signal: SIGKILL), .cleanUp(job: job)]
    }

    /// The part of run `epoch` ended: its report is kept until acknowledged. Step tasks do not outlive their job
    /// (Slurm ends every step with it): SIGTERM, then SIGKILL, unless a kill already sees to them.
    mutating func ended(_ job: UInt64, epoch: UInt32, _ termination: JobLauncher.Termination,
                        now: AgentTime) -> [AgentAction] {
        guard let part = parts[job], part.epoch == epoch else { return [] }
        parts[job] = nil
        var actions: [AgentAction] = []
        if !part.killRequested {
            actions += [.signalSteps(job: job, signal: SIGTERM),
                        .setTimer(.forceKill(job: job, shepherd: 0), afterMs: Int64(Self.stepGraceSeconds) * 1_000)]
        }
        actions += record(Self.exit(job, epoch: epoch, termination, timedOut: part.timedOut, now: now))
        return actions + [.cleanUp(job: job),
                          .log(.info, "job \(job) ended: exit \(termination.exitCode), signal \(termination.signal)")]
    }
}
