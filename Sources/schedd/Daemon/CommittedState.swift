import SchedulerCore
import Synchronization

/// The scheduler as of the last commit, handed to read-only queries so they run off the service's actor.
///
/// The board holds either nothing or exactly the last committed `Scheduler` (a value: handing it out is a retain).
/// The service withdraws it before it handles a batch, so when no query is running the batch mutates its tables in
/// place; only a query still holding the old value makes that batch copy the tables it changes (copy-on-write), at
/// most once per batch however many queries there are. It publishes the new value after the commit, before any
/// reply of the batch goes out, so a query that arrives after an acknowledgement sees what was acknowledged.
final class CommittedState: Sendable {
    private let board = Mutex<Scheduler?>(nil)

    /// The last committed scheduler, if it is on the board.
    func current() -> Scheduler? {
        board.withLock { $0 }
    }

    /// Called by the service only while its scheduler equals the committed state.
    func publish(_ scheduler: Scheduler) {
        board.withLock { $0 = scheduler }
    }

    /// Called by the service before it changes its scheduler.
    func withdraw() {
        board.withLock { $0 = nil }
    }
}
