import AischedClient
import ChildProcesses
import Foundation
import JobExecution
import Glibc
import Logging
import SchedulerProtocol

/// The jobs running on this node, and the exit reports schedd has not acknowledged yet.
///
/// Every part is written down in the spool before it starts (`PartRecord`) and its exit report stays there until
/// schedd acknowledges it, so neither a restart of the agent nor one of schedd loses a job or its end: a restarted
/// agent takes its parts back (`adoptParts`) and reports those that ended while it was away.
actor JobSupervisor {
    struct RunningJob {
        /// The part's shepherd; 0 for a part that holds the node for `srun`'s tasks and runs no command of its own.
        var shepherd: Int32
        /// The shepherd as this agent's child (nil when taken back after a restart): signals go through it, so none
        /// reaches a process that took a pid after it was reaped.
        var child: Child? = nil
        /// The job's own pid (its process group), once read from the shepherd's pid file.
        var jobPid: Int32?
        var epoch: UInt32
        /// Counts launches on this agent, so a timer of an earlier run (before a requeue) leaves this one alone.
        var launch: UInt64
        /// The command is a batch script's shell (not a command run on every node, which is treated as a step).
        var isBatchShell: Bool
        /// SIGTERM, then SIGKILL this many seconds later, at the time limit.
        var killWait: UInt32
        var killRequested = false
        var timedOut = false
    }

    /// One running task of a job step (`srun`) on this node.
    struct StepTaskKey: Hashable {
        var job: UInt64
        var step: UInt32
        var rank: UInt32
    }

    let launcher: JobLauncher
    let logger: Logger
    var running: [UInt64: RunningJob] = [:]
    var exits: [UInt64: JobExited] = [:]
    var launches: UInt64 = 0
    /// Step tasks (each its own process group); they end with their job.
    var stepTasks: [StepTaskKey: Child] = [:]
    /// The terminals of interactive tasks (primary side), where their keystrokes go.
    var terminals: [StepTaskKey: Int32] = [:]

    init(launcher: JobLauncher, logger: Logger) {
        self.launcher = launcher
        self.logger = logger
    }

    var runningJobIDs: [UInt64] { running.keys.sorted() }
    /// `runningJobIDs`' launch epochs, in the same order.
    var runningEpochs: [UInt32] { running.sorted { $0.key < $1.key }.map(\.value.epoch) }

    func isRunning(_ id: UInt64) -> Bool { running[id] != nil }

    /// Starts a part, but only once schedd has confirmed (`claim`) that it is still this node's, and only if that
    /// answer came within `fenceWindow`: an agent that was stopped or cut off longer may already have been fenced,
    /// and the job started elsewhere. Without the confirmation nothing of the job runs.
    func launch(_ launch: LaunchJob, fenceWindow: Duration, claim: @Sendable (JobStarted) async throws -> Void) async {
        let id = launch.jobID
        if let current = running[id] {
            guard launch.epoch > current.epoch else { return } // a duplicate push
            // An earlier run that this node kept while it was cut off; schedd has moved on.
            logger.warning("job \(id): run \(current.epoch) is still here while run \(launch.epoch) starts; killing it")
            forget(id, killing: current)
        }
        if let pending = exits[id], pending.epoch < launch.epoch { exits[id] = nil }
        guard exits[id] == nil else { return }
        let paths = launcher.paths(id)
        var part = PartRecord(launch: launch, at: Date().timeIntervalSince1970)
        do {
            try part.save(paths.record)
        } catch {
            return record(JobExited.make(id, epoch: launch.epoch, exitCode: 1, signal: 0,
                                         message: "launch failed: \(error)", timedOut: false))
        }
        switch await confirm(launch, claim: claim, within: fenceWindow) {
        case .confirmed:
            break
        case .refused:
            launcher.cleanUp(job: id)
            return
        case .unknown:
            // schedd may have committed the confirmation: tell it (after the reconnect, before registering) that
            // nothing of it ran, so the job is requeued rather than counted as lost while running.
            launcher.cleanUp(job: id)
            return record(.neverStarted(id, epoch: launch.epoch, "the launch was not started (no timely confirmation)"))
        }
        do {
            var child: Child?
            if launch.holdsForSteps {
                try launcher.hold(launch)
            } else {
                let epoch = launch.epoch
                child = try launcher.start(launch) { termination in
                    Task { await self.ended(id, epoch: epoch, termination) }
                }
            }
            let pid = child?.pid ?? 0
            part.shepherd = pid
            try? part.save(paths.record)
            track(part)
            running[id]?.child = child
            logger.info(pid == 0 ? "job \(id) holds this node for its srun tasks" : "job \(id) started (shepherd pid \(pid))")
        } catch {
            logger.warning("job \(id) could not start: \(error)")
            launcher.cleanUp(job: id)
            record(JobExited.make(id, epoch: launch.epoch, exitCode: 1, signal: 0, message: "launch failed: \(error)",
                                  timedOut: false))
        }
    }

    private enum Confirmation { case confirmed, refused, unknown }

    private func confirm(_ launch: LaunchJob, claim: @Sendable (JobStarted) async throws -> Void,
                         within window: Duration) async -> Confirmation {
        var started = JobStarted()
        started.jobID = launch.jobID
        started.epoch = launch.epoch
        started.note = launcher.confinementNote
        let asked = ContinuousClock.now
        do {
            try await claim(started)
        } catch ClientError.server(let refusal) {
            logger.warning("job \(launch.jobID): schedd refused the launch (\(refusal.message)); not starting it")
            return .refused
        } catch {
            logger.warning("job \(launch.jobID): schedd did not confirm the launch (\(error)); not starting it")
            return .unknown
        }
        guard ContinuousClock.now - asked < window else {
            logger.warning("job \(launch.jobID): the launch was confirmed too late (this node may have been fenced meanwhile); not starting it")
            return .unknown
        }
        return .confirmed
    }

    /// Starts supervising a part: its timers count from its record, so a part taken back after a restart keeps its
    /// limit.
    func track(_ record: PartRecord) {
        launches += 1
        running[record.jobID] = RunningJob(shepherd: record.shepherd ?? 0, epoch: record.epoch, launch: launches,
                                           isBatchShell: record.isBatchShell, killWait: record.killWaitSeconds)
        startTimers(for: record, run: launches)
    }

    /// SIGTERM to the job's process group, then SIGKILL after `grace` seconds.
    func kill(_ id: UInt64, signal: Int32 = SIGTERM, grace: UInt32 = 10) {
        guard var job = running[id] else { return }
        job.killRequested = true
        running[id] = job
        signalSteps(of: id, signal)
        guard job.shepherd != 0 else {
            // Nothing of its own runs here: the part ends now; its tasks get the grace period below.
            ended(id, epoch: job.epoch, JobLauncher.Termination(exitCode: 128 + signal, signal: signal, launchFailure: ""))
            scheduleForceKill(id, shepherd: 0, after: grace)
            return
        }
        signalGroup(id, signal)
        scheduleForceKill(id, shepherd: job.shepherd, after: grace)
    }

    /// The job's process group; before the shepherd has written the job's pid, the shepherd, which passes the
    /// signal on to it.
    private func signalGroup(_ id: UInt64, _ signal: Int32) {
        let group = jobPid(id).map { -$0 }
        whileShepherdLives(id) { shepherd in Glibc.kill(group ?? shepherd, signal) }
    }

    /// Runs `body` with the part's shepherd pid while the shepherd has not ended (so the job's pids are still the
    /// job's). A shepherd taken back after a restart is not this process's child: checked by its command line.
    private func whileShepherdLives(_ id: UInt64, _ body: (Int32) -> Void) {
        guard let job = running[id], job.shepherd != 0 else { return }
        if let child = job.child {
            child.whileAlive { body(child.pid) }
        } else if ShepherdProcess.isShepherd(job.shepherd, spec: launcher.paths(id).spec) {
            body(job.shepherd)
        }
    }

    private func jobPid(_ id: UInt64) -> Int32? {
        if let pid = running[id]?.jobPid { return pid }
        guard running[id] != nil,
              let text = try? String(contentsOfFile: launcher.paths(id).jobPid, encoding: .utf8),
              let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0 else { return nil }
        running[id]?.jobPid = pid
        return pid
    }

    private func scheduleForceKill(_ id: UInt64, shepherd: Int32, after grace: UInt32) {
        Task {
            try? await Task.sleep(for: .seconds(Double(grace)))
            self.forceKill(id, shepherd: shepherd)
        }
    }

    private func forceKill(_ id: UInt64, shepherd: Int32) {
        signalSteps(of: id, SIGKILL)
        guard shepherd != 0, running[id]?.shepherd == shepherd else { return }
        let group = jobPid(id).map { -$0 }
        whileShepherdLives(id) { shepherd in Glibc.kill(group ?? shepherd, SIGKILL) }
    }

    /// Stops tracking an earlier run of a job (its report would be about a run schedd has moved past) and kills it.
    private func forget(_ id: UInt64, killing job: RunningJob) {
        let group = jobPid(id).map { -$0 }
        whileShepherdLives(id) { shepherd in
            if let group { Glibc.kill(group, SIGKILL) }
            Glibc.kill(shepherd, SIGKILL)
        }
        signalSteps(of: id, SIGKILL)
        running[id] = nil
        launcher.cleanUp(job: id)
    }

    /// The time limit, and `--signal`'s warning before it, from the part's record (wall clock), so a part taken
    /// back after an agent restart keeps both.
    private func startTimers(for record: PartRecord, run: UInt64) {
        let id = record.jobID
        let now = Date().timeIntervalSince1970
        if let deadline = record.deadline {
            Task {
                try? await Task.sleep(for: .seconds(max(0, deadline - now)))
                self.timeLimitReached(id, run: run)
            }
        }
        if let warningAt = record.warningAt, record.warningSignal != 0 {
            Task {
                try? await Task.sleep(for: .seconds(max(0, warningAt - now)))
                self.warn(id, run: run, signal: record.warningSignal, batchOnly: record.warningBatchOnly)
            }
        }
    }

    /// `--signal`: without B:, every step's tasks here and a command job's command (its process group), never a
    /// batch shell; with B:, only the batch shell (the script's process itself, not its children, as in Slurm),
    /// or a command job's command, which stands in for both.
    private func warn(_ id: UInt64, run: UInt64, signal: Int32, batchOnly: Bool) {
        guard let job = running[id], job.launch == run, !job.killRequested else { return }
        if job.isBatchShell {
            if batchOnly, let pid = jobPid(id) {
                whileShepherdLives(id) { _ in Glibc.kill(pid, signal) }
            } else if !batchOnly {
                signalSteps(of: id, signal)
            }
        } else {
            if !batchOnly { signalSteps(of: id, signal) }
            if job.shepherd != 0 { signalGroup(id, signal) }
        }
        logger.info("job \(id): sent signal \(signal) ahead of its time limit (--signal\(batchOnly ? " B:" : ""))")
    }

    private func timeLimitReached(_ id: UInt64, run: UInt64) {
        guard let job = running[id], job.launch == run else { return }
        running[id]?.timedOut = true
        logger.info("job \(id) reached its time limit")
        kill(id, grace: job.killWait)
    }

    func ended(_ id: UInt64, epoch: UInt32, _ termination: JobLauncher.Termination) {
        guard let job = running[id], job.epoch == epoch else { return }
        running[id] = nil
        if !job.killRequested {
            // Tasks do not outlive their job (Slurm ends every step with it): SIGTERM, then SIGKILL.
            signalSteps(of: id, SIGTERM)
            scheduleForceKill(id, shepherd: 0, after: 10)
        }
        record(JobExited.make(id, epoch: epoch, exitCode: termination.exitCode, signal: termination.signal,
                              message: termination.launchFailure, timedOut: job.timedOut))
        launcher.cleanUp(job: id)
        logger.info("job \(id) ended: exit \(termination.exitCode), signal \(termination.signal)")
    }

    /// Keeps the report, in memory and in the spool, until schedd acknowledges it.
    func record(_ exit: JobExited) {
        exits[exit.jobID] = exit
        do {
            try Data(exit.wireBytes()).write(to: URL(fileURLWithPath: launcher.paths(exit.jobID).report), options: .atomic)
        } catch {
            logger.warning("job \(exit.jobID): cannot keep its exit report in the spool (\(error)); it is lost if the agent restarts before schedd has it")
        }
    }

    func pendingExits() -> [JobExited] { exits.values.sorted { $0.jobID < $1.jobID } }

    func exitAcknowledged(_ id: UInt64) {
        exits[id] = nil
        unlink(launcher.paths(id).report)
    }
}

extension JobExited {
    static func make(_ id: UInt64, epoch: UInt32, exitCode: Int32, signal: Int32, message: String,
                     timedOut: Bool) -> JobExited {
        var exit = JobExited()
        exit.jobID = id
        exit.epoch = epoch
        exit.exitCode = exitCode
        exit.signal = UInt32(max(0, signal))
        exit.message = message
        exit.timedOut = timedOut
        exit.endedAtMs = Int64(Date().timeIntervalSince1970 * 1000)
        return exit
    }

    /// Nothing of run `epoch` ran here: schedd may requeue it as a launch that never arrived.
    static func neverStarted(_ id: UInt64, epoch: UInt32, _ why: String) -> JobExited {
        var exit = make(id, epoch: epoch, exitCode: 0, signal: 0, message: why, timedOut: false)
        exit.neverStarted = true
        return exit
    }
}
