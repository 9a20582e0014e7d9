import Foundation
import Glibc
import SchedulerProtocol

/// Reading what a previous agent process left in the spool, for the machine to take back (`AgentStateMachine+Adoption`).
extension AgentDriver {
    /// Exit reports schedd has not acknowledged, then each part with what is left of it (its shepherd in /proc, the
    /// status it recorded). Call before `run`, whose registration is then the truth about this node.
    func adoptSpool() async -> (adopted: Int, ended: Int) {
        let spool = launcher.spoolDirectory
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: spool)) ?? []).sorted()
        for name in names where name.hasPrefix("job-") && name.hasSuffix(".report") {
            guard let data = FileManager.default.contents(atPath: spool + "/" + name),
                  let exit = try? JobExited(wireBytes: data) else { continue }
            await handle(.spoolReportFound(exit))
        }
        for name in names where name.hasPrefix("job-") && name.hasSuffix(".part") {
            guard let record = PartRecord.load(spool + "/" + name) else {
                unlink(spool + "/" + name)
                continue
            }
            await handle(.spoolPartFound(record, finding(record)))
        }
        return machine.adoption
    }

    private func finding(_ record: PartRecord) -> SpoolFinding {
        let paths = launcher.paths(record.jobID)
        if let pid = ShepherdProcess.find(spec: paths.spec) { return .shepherdRunning(pid) }
        return .shepherdGone(exitStatusRecorded: FileManager.default.fileExists(atPath: paths.exitStatus),
                             launcher.termination(of: paths))
    }
}
