import Foundation
import Glibc
import SchedulerProtocol

/// Carrying out the machine's actions.
extension AgentDriver {
    /// Does `action`; returns the event that answers it when the machine waits for one now.
    func perform(_ action: AgentAction) async -> AgentEvent? {
        switch action {
        case .connect(let session): connect(session)
        case .disconnect(let session): disconnect(session)
        case .sendExitReport(let exit, let session): sendExitReport(exit, session: session)
        case .register(let ids, let epochs, let session): register(ids, epochs, session: session)
        case .sendHeartbeat(let ids, let epochs, let session): sendHeartbeat(ids, epochs, session: session)
        case .setTimer(let timer, let afterMs): setTimer(timer, afterMs: afterMs)
        case .writePartRecord(let record):
            do {
                try record.save(launcher.paths(record.jobID).record)
                return .partRecordWritten(job: record.jobID, epoch: record.epoch, failure: nil)
            } catch {
                return .partRecordWritten(job: record.jobID, epoch: record.epoch, failure: "\(error)")
            }
        case .claim(let job, let epoch):
            return .claimAnswered(job: job, epoch: epoch, await claim(job, epoch: epoch))
        case .startPart(let launch):
            return startPart(launch)
        case .updatePartRecord(let record):
            try? record.save(launcher.paths(record.jobID).record)
        case .watchShepherd(let job, let epoch, let pid):
            watchShepherd(job, epoch: epoch, pid: pid)
        case .signalPart(let job, let shepherd, let signal):
            processes.signalPart(job, shepherd: shepherd, signal)
        case .signalBatchShell(let job, let shepherd, let signal):
            processes.signalBatchShell(job, shepherd: shepherd, signal)
        case .killRun(let job, let shepherd):
            processes.killRun(job, shepherd: shepherd)
        case .signalSteps(let job, let signal):
            signalSteps(of: job, signal)
        case .startStepTasks(let step):
            startStep(step)
        case .refuseStepTasks(let step, let why):
            let reporter = stepReporter()
            for task in step.tasks {
                reporter.exited(.failed(StepTaskKey(job: step.jobID, step: step.stepID, rank: task.rank), why))
            }
        case .cleanUp(let job):
            launcher.cleanUp(job: job)
            processes.forget(job)
        case .keepExitReport(let exit):
            keep(exit)
        case .dropExitReport(let job):
            unlink(launcher.paths(job).report)
        case .log(.info, let message):
            logger.info("\(message)")
        case .log(.warning, let message):
            logger.warning("\(message)")
        }
        return nil
    }

    /// Spawns the part's shepherd (or makes the cgroup of a part that holds the node for step tasks). Its end comes
    /// back as `partEnded`, never before `partStarted` has been handled: the actor is not left in between.
    private func startPart(_ launch: LaunchJob) -> AgentEvent {
        let id = launch.jobID
        let epoch = launch.epoch
        do {
            if launch.holdsForSteps {
                try launcher.hold(launch)
                return .partStarted(job: id, epoch: epoch, shepherd: 0)
            }
            let child = try launcher.start(launch) { termination in
                Task { await self.handle(.partEnded(job: id, epoch: epoch, termination)) }
            }
            processes.started(id, child)
            return .partStarted(job: id, epoch: epoch, shepherd: child.pid)
        } catch {
            return .partStartFailed(job: id, epoch: epoch, why: "\(error)")
        }
    }

    /// A taken-back shepherd is not this process's child, so its end is noticed by polling.
    private func watchShepherd(_ job: UInt64, epoch: UInt32, pid: Int32) {
        let paths = launcher.paths(job)
        let launcher = launcher
        Task {
            while ShepherdProcess.isShepherd(pid, spec: paths.spec) {
                try? await Task.sleep(for: .milliseconds(250))
            }
            await self.handle(.partEnded(job: job, epoch: epoch, launcher.termination(of: paths)))
        }
    }

    /// Keeps the report in the spool until schedd acknowledges it.
    private func keep(_ exit: JobExited) {
        do {
            try Data(exit.wireBytes()).write(to: URL(fileURLWithPath: launcher.paths(exit.jobID).report), options: .atomic)
        } catch {
            logger.warning("job \(exit.jobID): cannot keep its exit report in the spool (\(error)); it is lost if the agent restarts before schedd has it")
        }
    }
}
