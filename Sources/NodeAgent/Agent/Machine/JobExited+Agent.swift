import Foundation
import SchedulerProtocol

extension JobExited {
    /// `endedAtMs` defaults to the wall clock now; the state machine passes the time it was handed.
    static func make(_ id: UInt64, epoch: UInt32, exitCode: Int32, signal: Int32, message: String,
                     timedOut: Bool, endedAtMs: Int64 = Int64(Date().timeIntervalSince1970 * 1000)) -> JobExited {
        var exit = JobExited()
        exit.jobID = id
        exit.epoch = epoch
        exit.exitCode = exitCode
        exit.signal = UInt32(max(0, signal))
        exit.message = message
        exit.timedOut = timedOut
        exit.endedAtMs = endedAtMs
        return exit
    }

    /// Nothing of run `epoch` ran here: schedd may requeue it as a launch that never arrived.
    static func neverStarted(_ id: UInt64, epoch: UInt32, _ why: String) -> JobExited {
        var exit = make(id, epoch: epoch, exitCode: 0, signal: 0, message: why, timedOut: false)
        exit.neverStarted = true
        return exit
    }
}
