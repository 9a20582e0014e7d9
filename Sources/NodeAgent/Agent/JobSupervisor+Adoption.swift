import Foundation
import Glibc
import SchedulerProtocol

/// Taking back, after the agent restarts, what a previous agent process launched: the jobs keep running under
/// their shepherds while no agent runs (systemd stops only the agent: `KillMode=process`).
extension JobSupervisor {
    /// Reads the spool: exit reports schedd has not acknowledged are sent again, parts whose shepherd still runs are
    /// supervised again (timers included), and parts that ended meanwhile are reported with the status their
    /// shepherd recorded. Call before registering, whose list of running jobs is then the truth about this node.
    func adoptParts() -> (adopted: Int, ended: Int) {
        let spool = launcher.spoolDirectory
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: spool)) ?? []).sorted()
        for name in names where name.hasPrefix("job-") && name.hasSuffix(".report") {
            guard let data = FileManager.default.contents(atPath: spool + "/" + name),
                  let exit = try? JobExited(wireBytes: data) else { continue }
            exits[exit.jobID] = exit
        }
        var adopted = 0, ended = 0
        for name in names where name.hasPrefix("job-") && name.hasSuffix(".part") {
            guard let record = PartRecord.load(spool + "/" + name) else {
                unlink(spool + "/" + name)
                continue
            }
            switch adopt(record) {
            case .adopted: adopted += 1
            case .ended: ended += 1
            case .neverStarted: break
            }
        }
        return (adopted, ended)
    }

    private enum Adoption { case adopted, ended, neverStarted }

    private func adopt(_ record: PartRecord) -> Adoption {
        let id = record.jobID
        let paths = launcher.paths(id)
        guard exits[id] == nil else {
            launcher.cleanUp(job: id) // reported already
            return .ended
        }
        // The shepherd is looked for even when the record has no pid: the agent may have died between spawning it
        // and writing the pid down.
        if let pid = ShepherdProcess.find(spec: paths.spec) {
            var found = record
            found.shepherd = pid
            track(found)
            watch(id, epoch: record.epoch, shepherd: pid, paths: paths)
            logger.info("job \(id): still running (shepherd pid \(pid)); supervising it again")
            return .adopted
        }
        if record.holdsForSteps, record.shepherd == 0 {
            track(record) // holds the node for srun's tasks (which did not outlive the old agent)
            logger.info("job \(id): took back its share of this node (srun tasks)")
            return .adopted
        }
        guard record.shepherd != nil || FileManager.default.fileExists(atPath: paths.exitStatus) else {
            // Stopped before its shepherd was spawned (perhaps after schedd confirmed it): nothing of it ran. Said
            // so, schedd requeues it instead of counting a job that never ran as failed with its node.
            launcher.cleanUp(job: id)
            self.record(.neverStarted(id, epoch: record.epoch, "the agent restarted before starting it"))
            return .neverStarted
        }
        track(record)
        ended(id, epoch: record.epoch, launcher.termination(of: paths))
        return .ended
    }

    /// A taken-back shepherd is not this process's child, so its end is noticed by polling.
    private func watch(_ id: UInt64, epoch: UInt32, shepherd: Int32, paths: SpoolPaths) {
        Task {
            while ShepherdProcess.isShepherd(shepherd, spec: paths.spec) {
                try? await Task.sleep(for: .milliseconds(250))
            }
            self.ended(id, epoch: epoch, self.launcher.termination(of: paths))
        }
    }
}
