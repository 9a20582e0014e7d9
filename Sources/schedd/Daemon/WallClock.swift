import Synchronization
import Foundation
import SchedulerCore

/// The live daemon's clock: real time, never going backwards (the core requires non-decreasing `now`).
final class WallClock: Sendable {
    private let last = Mutex<Int64>(0)

    func now() -> Instant {
        let real = Int64(Date().timeIntervalSince1970 * 1000)
        return last.withLock { last in
            last = max(last, real)
            return Instant(milliseconds: last)
        }
    }
}
