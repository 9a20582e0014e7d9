import Foundation
import JobExecution
import Glibc
import Logging
import SchedulerProtocol

/// The jobs running on this node, and the reports about them that schedd has not acknowledged yet.
///
/// Exit reports are kept until schedd acknowledges them, so a job that ends while schedd is down is
/// reported after the reconnect instead of being lost.
actor JobSupervisor {
    private struct RunningJob {
        /// 0 for a part that holds the node for `srun`'s tasks and runs no command of its own.
        var pid: Int32
        /// Counts launches on this agent, so a timer of an earlier run (before a requeue) leaves this one alone.
        var launch: UInt64
        /// `pid` is a batch script's shell (not a command run on every node, which is treated as a step).
        var isBatchShell: Bool
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
    private let logger: Logger
    private var running: [UInt64: RunningJob] = [:]
    private var exits: [UInt64: JobExited] = [:]
    private var starts: [UInt64: JobStarted] = [:]
    private var launches: UInt64 = 0
    /// Process (group) ids of step tasks; they end with their job.
    var stepTasks: [StepTaskKey: Int32] = [:]
    /// The terminals of interactive tasks (primary side), where their keystrokes go.
    var terminals: [StepTaskKey: Int32] = [:]

    init(launcher: JobLauncher, logger: Logger) {
        self.launcher = launcher
        self.logger = logger
    }

    var runningJobIDs: [UInt64] { running.keys.sorted() }

    func isRunning(_ id: UInt64) -> Bool { running[id] != nil }

    func launch(_ launch: LaunchJob) {
        let id = launch.jobID
        guard running[id] == nil, exits[id] == nil else { return } // a duplicate push
        do {
            let pid: Int32
            if launch.holdsForSteps {
                try launcher.hold(launch)
                pid = 0
            } else {
                pid = try launcher.start(launch) { termination in
                    Task { await self.ended(id, termination) }
                }
            }
            launches += 1
            running[id] = RunningJob(pid: pid, launch: launches, isBatchShell: pid != 0 && !launch.script.isEmpty)
            var started = JobStarted()
            started.jobID = id
            started.pid = UInt32(pid)
            started.note = launcher.confinementNote
            starts[id] = started
            logger.info(pid == 0 ? "job \(id) holds this node for its srun tasks" : "job \(id) started as pid \(pid)")
            startTimers(for: launch, run: launches)
        } catch {
            logger.warning("job \(id) could not start: \(error)")
            record(JobExited.make(id, exitCode: 1, signal: 0, message: "launch failed: \(error)", timedOut: false))
        }
    }

    /// SIGTERM to the job's process group, then SIGKILL after `grace` seconds.
    func kill(_ id: UInt64, signal: Int32 = SIGTERM, grace: UInt32 = 10) {
        guard var job = running[id] else { return }
        job.killRequested = true
        running[id] = job
        signalSteps(of: id, signal)
        guard job.pid != 0 else {
            // Nothing of its own runs here: the part ends now; its tasks get the grace period below.
            ended(id, JobLauncher.Termination(exitCode: 128 + signal, signal: signal, launchFailure: ""))
            scheduleForceKill(id, pid: 0, after: grace)
            return
        }
        Glibc.kill(-job.pid, signal)
        scheduleForceKill(id, pid: job.pid, after: grace)
    }

    private func scheduleForceKill(_ id: UInt64, pid: Int32, after grace: UInt32) {
        Task {
            try? await Task.sleep(for: .seconds(Double(grace)))
            self.forceKill(id, pid: pid)
        }
    }

    private func forceKill(_ id: UInt64, pid: Int32) {
        signalSteps(of: id, SIGKILL)
        guard pid != 0, running[id]?.pid == pid else { return }
        Glibc.kill(-pid, SIGKILL)
    }

    /// The time limit, and `--signal`'s warning before it. Both count from this launch, which is when the agent's
    /// own kill at the limit counts from, so the job gets its full lead before it is stopped.
    private func startTimers(for launch: LaunchJob, run: UInt64) {
        let id = launch.jobID
        guard launch.timeLimitSeconds > 0 else { return } // no limit, no warning (as Slurm)
        let limit = launch.timeLimitSeconds
        Task {
            try? await Task.sleep(for: .seconds(Double(limit)))
            self.timeLimitReached(id, run: run)
        }
        guard launch.warningSignal != 0 else { return }
        let delay = limit > UInt64(launch.warningSeconds) ? limit - UInt64(launch.warningSeconds) : 0
        let signal = Int32(clamping: launch.warningSignal)
        let batchOnly = launch.warningBatchOnly
        Task {
            try? await Task.sleep(for: .seconds(Double(delay)))
            self.warn(id, run: run, signal: signal, batchOnly: batchOnly)
        }
    }

    /// `--signal`: without B:, every step's tasks here and a command job's command (its process group), never a
    /// batch shell; with B:, only the batch shell (the script's process itself, not its children, as in Slurm),
    /// or a command job's command, which stands in for both.
    private func warn(_ id: UInt64, run: UInt64, signal: Int32, batchOnly: Bool) {
        guard let job = running[id], job.launch == run, !job.killRequested else { return }
        if job.isBatchShell {
            if batchOnly { Glibc.kill(job.pid, signal) } else { signalSteps(of: id, signal) }
        } else {
            if !batchOnly { signalSteps(of: id, signal) }
            if job.pid != 0 { Glibc.kill(-job.pid, signal) }
        }
        logger.info("job \(id): sent signal \(signal) ahead of its time limit (--signal\(batchOnly ? " B:" : ""))")
    }

    private func timeLimitReached(_ id: UInt64, run: UInt64) {
        guard running[id]?.launch == run else { return }
        running[id]?.timedOut = true
        logger.info("job \(id) reached its time limit")
        kill(id, grace: 30)
    }

    private func ended(_ id: UInt64, _ termination: JobLauncher.Termination) {
        guard let job = running.removeValue(forKey: id) else { return }
        if !job.killRequested {
            // Tasks do not outlive their job (Slurm ends every step with it): SIGTERM, then SIGKILL.
            signalSteps(of: id, SIGTERM)
            scheduleForceKill(id, pid: 0, after: 10)
        }
        launcher.cleanUp(job: id)
        if !termination.launchFailure.isEmpty { starts[id] = nil }
        record(JobExited.make(id, exitCode: termination.exitCode, signal: termination.signal,
                              message: termination.launchFailure, timedOut: job.timedOut))
        logger.info("job \(id) ended: exit \(termination.exitCode), signal \(termination.signal)")
    }

    private func record(_ exit: JobExited) {
        exits[exit.jobID] = exit
    }

    func pendingStarts() -> [JobStarted] { starts.values.sorted { $0.jobID < $1.jobID } }
    func startAcknowledged(_ id: UInt64) { starts[id] = nil }
    func pendingExits() -> [JobExited] { exits.values.sorted { $0.jobID < $1.jobID } }
    func exitAcknowledged(_ id: UInt64) {
        exits[id] = nil
        starts[id] = nil
    }
}

extension JobExited {
    static func make(_ id: UInt64, exitCode: Int32, signal: Int32, message: String, timedOut: Bool) -> JobExited {
        var exit = JobExited()
        exit.jobID = id
        exit.exitCode = exitCode
        exit.signal = UInt32(max(0, signal))
        exit.message = message
        exit.timedOut = timedOut
        exit.endedAtMs = Int64(Date().timeIntervalSince1970 * 1000)
        return exit
    }
}
