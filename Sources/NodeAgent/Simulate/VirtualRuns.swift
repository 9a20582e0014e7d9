import NIOCore
import SchedulerProtocol

/// What one virtual node keeps of its jobs: the parts it "runs" (a timer each instead of a process), the launches it
/// is asking schedd about, and its exit reports until schedd acknowledges them. The same bookkeeping as
/// `AgentStateMachine` keeps for a real node, with the same rules for epochs and duplicate pushes, without a spool: a
/// simulated node that restarts starts empty.
struct VirtualRuns {
    struct Run {
        var epoch: UInt32
        /// Ends the part by itself; nil when it runs until it is killed.
        var timer: Scheduled<Void>?
    }

    private(set) var running: [UInt64: Run] = [:]
    /// Launches whose `jobStarted` is unanswered, by job: their epoch.
    private var claiming: [UInt64: UInt32] = [:]
    private(set) var exits: [UInt64: JobExited] = [:]
    /// Reports on their way (a `jobExited` unanswered), so a heartbeat's flush does not send them twice.
    private var sending: Set<UInt64> = []

    /// The jobs schedd must count as this node's: running, and ended but not yet acknowledged (as the real agent
    /// registers them), sorted, with their epochs in the same order.
    var held: (ids: [UInt64], epochs: [UInt32]) {
        var all = running.mapValues(\.epoch)
        for (id, exit) in exits where all[id] == nil { all[id] = exit.epoch }
        let sorted = all.sorted { $0.key < $1.key }
        return (sorted.map(\.key), sorted.map(\.value))
    }

    /// The running parts only, for heartbeats.
    var runningNow: (ids: [UInt64], epochs: [UInt32]) {
        let sorted = running.sorted { $0.key < $1.key }
        return (sorted.map(\.key), sorted.map(\.value.epoch))
    }

    /// Whether a pushed launch is new work: not a repeat of a run that is here or being asked about. An earlier run
    /// still here (kept while the node was cut off) is dropped, as schedd has moved on; an unacknowledged report of
    /// an earlier run is dropped too (schedd has requeued that run), one of this run means it already ended here.
    mutating func admit(_ launch: LaunchJob) -> Bool {
        let id = launch.jobID
        if let current = running[id] {
            guard launch.epoch > current.epoch else { return false }
            current.timer?.cancel()
            running[id] = nil
        }
        if let asked = claiming[id], asked >= launch.epoch { return false }
        if let pending = exits[id], pending.epoch < launch.epoch { exits[id] = nil }
        guard exits[id] == nil else { return false }
        claiming[id] = launch.epoch
        return true
    }

    /// schedd answered (or did not) the `jobStarted` of this run.
    mutating func claimSettled(_ id: UInt64, epoch: UInt32) {
        if claiming[id] == epoch { claiming[id] = nil }
    }

    mutating func start(_ id: UInt64, epoch: UInt32, timer: Scheduled<Void>?) {
        running[id] = Run(epoch: epoch, timer: timer)
    }

    /// Ends a running part (of `epoch`, or whichever is here when nil) and keeps its report; nil when it is not here.
    mutating func end(_ id: UInt64, epoch: UInt32? = nil, exitCode: Int32, signal: Int32, timedOut: Bool) -> JobExited? {
        guard let run = running[id], epoch == nil || run.epoch == epoch else { return nil }
        run.timer?.cancel()
        running[id] = nil
        let exit = JobExited.make(id, epoch: run.epoch, exitCode: exitCode, signal: signal, message: "",
                                  timedOut: timedOut)
        exits[id] = exit
        return exit
    }

    mutating func record(_ exit: JobExited) {
        exits[exit.jobID] = exit
    }

    /// The reports to send now: every one not already on its way, marked as on its way.
    mutating func takeUnsent() -> [JobExited] {
        let unsent = exits.values.filter { !sending.contains($0.jobID) }.sorted { $0.jobID < $1.jobID }
        sending.formUnion(unsent.map(\.jobID))
        return unsent
    }

    /// A report's `jobExited` was answered (`acknowledged`) or failed; only an acknowledged one is forgotten, and only
    /// if no later run of the job has replaced it meanwhile.
    mutating func settled(_ exit: JobExited, acknowledged: Bool) {
        sending.remove(exit.jobID)
        if acknowledged, exits[exit.jobID]?.epoch == exit.epoch { exits[exit.jobID] = nil }
    }
}
