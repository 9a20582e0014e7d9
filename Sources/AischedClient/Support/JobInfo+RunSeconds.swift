import Foundation
import SchedulerProtocol

extension JobInfo {
    /// Whole seconds the job has run: from its start to its end, or to `now` while it runs; 0 if it never started.
    /// (scontrol's RunTime, squeue's default TIME column and sacct's Elapsed print it, each in its own form.)
    public func runSeconds(now: Date) -> Int {
        guard startTimeMs > 0 else { return 0 }
        let end = endTimeMs > 0 ? Double(endTimeMs) / 1000 : now.timeIntervalSince1970
        return max(0, Int(end - Double(startTimeMs) / 1000))
    }
}
