import Foundation
import JobExecution
import SchedulerProtocol

/// What the agent must remember of a launched part to take it back after a restart: which run of the job it is, how
/// to stop it, and its time limit. Times are wall-clock (epoch seconds): a restarted agent has no other clock in
/// common with the one that launched it.
struct PartRecord: Codable, Sendable, Equatable {
    var jobID: UInt64
    var epoch: UInt32
    /// Holds the node's share for `srun` tasks and runs no command of its own.
    var holdsForSteps: Bool
    /// The command is a batch script's shell (`--signal=B:` signals only it).
    var isBatchShell: Bool
    /// The shepherd's pid, once spawned; nil: the agent stopped before starting it (nothing of the job ran).
    var shepherd: Int32?
    /// When the time limit ends it (nil: no limit), and SIGTERM → SIGKILL grace then.
    var deadline: Double?
    var killWaitSeconds: UInt32
    /// `--signal`: which signal, when, and to the batch shell only.
    var warningSignal: Int32
    var warningAt: Double?
    var warningBatchOnly: Bool

    init(launch: LaunchJob, at now: Double) {
        jobID = launch.jobID
        epoch = launch.epoch
        holdsForSteps = launch.holdsForSteps
        isBatchShell = !launch.holdsForSteps && !launch.script.isEmpty
        shepherd = nil
        killWaitSeconds = launch.killWaitSeconds == 0 ? 30 : launch.killWaitSeconds
        warningSignal = Int32(clamping: launch.warningSignal)
        warningBatchOnly = launch.warningBatchOnly
        guard launch.timeLimitSeconds > 0 else { return } // no limit, no warning (as Slurm)
        let limit = Double(launch.timeLimitSeconds)
        deadline = now + limit
        if launch.warningSignal != 0 { warningAt = now + max(0, limit - Double(launch.warningSeconds)) }
    }

    func save(_ path: String) throws {
        try AtomicFile.write(String(decoding: try JSONEncoder().encode(self), as: UTF8.self), to: path)
    }

    static func load(_ path: String) -> PartRecord? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(PartRecord.self, from: data)
    }
}
