import ChildProcesses
import Foundation
import Glibc

/// The processes of the parts running here, as the driver signals them: the shepherd (this agent's child, or taken
/// back after a restart and recognised by its command line) and the job's own pid once the shepherd wrote it.
/// Signals go only while that shepherd lives, so none reaches a process that took a pid after it was reaped.
struct PartProcesses {
    let launcher: JobLauncher
    private var children: [UInt64: Child] = [:]
    private var jobPids: [UInt64: Int32] = [:]

    init(launcher: JobLauncher) { self.launcher = launcher }

    mutating func started(_ job: UInt64, _ child: Child) { children[job] = child }

    /// The part is over here (its files are being removed): nothing of it is signalled any more.
    mutating func forget(_ job: UInt64) {
        children[job] = nil
        jobPids[job] = nil
    }

    /// The job's process group; before the shepherd has written the job's pid, the shepherd, which passes the
    /// signal on to it.
    mutating func signalPart(_ job: UInt64, shepherd: Int32, _ signal: Int32) {
        let group = jobPid(job).map { -$0 }
        whileShepherdLives(job, shepherd) { Glibc.kill(group ?? $0, signal) }
    }

    /// The batch script's own process, not its children (`--signal=B:`); nothing before its pid is known.
    mutating func signalBatchShell(_ job: UInt64, shepherd: Int32, _ signal: Int32) {
        guard let pid = jobPid(job) else { return }
        whileShepherdLives(job, shepherd) { _ in Glibc.kill(pid, signal) }
    }

    /// SIGKILL to a run schedd has moved past: its process group and its shepherd.
    mutating func killRun(_ job: UInt64, shepherd: Int32) {
        let group = jobPid(job).map { -$0 }
        whileShepherdLives(job, shepherd) { shepherd in
            if let group { Glibc.kill(group, SIGKILL) }
            Glibc.kill(shepherd, SIGKILL)
        }
    }

    /// A shepherd taken back after a restart is not this process's child: checked by its command line.
    private func whileShepherdLives(_ job: UInt64, _ shepherd: Int32, _ body: (Int32) -> Void) {
        guard shepherd != 0 else { return }
        if let child = children[job], child.pid == shepherd {
            child.whileAlive { body(child.pid) }
        } else if children[job] == nil, ShepherdProcess.isShepherd(shepherd, spec: launcher.paths(job).spec) {
            body(shepherd)
        }
    }

    private mutating func jobPid(_ job: UInt64) -> Int32? {
        if let pid = jobPids[job] { return pid }
        guard let text = try? String(contentsOfFile: launcher.paths(job).jobPid, encoding: .utf8),
              let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0 else { return nil }
        jobPids[job] = pid
        return pid
    }
}
