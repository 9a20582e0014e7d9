import NIOCore
import NIOPosix
import SchedulerCore

/// Where read-only requests do their work: threads of their own, on the last committed scheduler.
///
/// Not the scheduler's actor (a query over a large job table takes milliseconds, and thousands of pipelined ones
/// kept submits, heartbeats and timer ticks waiting for tens of seconds), and not Swift's cooperative pool either,
/// which the actor and every connection's request task share: busy query threads there would hold up a heartbeat
/// just the same. The pool's queue is first come, first served; it stays short because each connection has at most
/// `ConnectionPolicy.maxRequestsInFlight` requests in progress, so a client flooding one connection takes its turn
/// among the others instead of ahead of them.
final class QueryPool: Sendable {
    private let threads: NIOThreadPool
    private let service: SchedulerService

    /// Half the cores (at least one): the other half is left to the scheduler's actor and the event loops.
    static var defaultThreadCount: Int { max(1, System.coreCount / 2) }

    init(service: SchedulerService, threadCount: Int = QueryPool.defaultThreadCount) {
        self.service = service
        threads = NIOThreadPool(numberOfThreads: threadCount)
        threads.start()
    }

    /// Runs `body` on the scheduler as last committed (never on a change that is not durable yet).
    func read<T: Sendable>(_ body: @escaping @Sendable (Scheduler) throws -> T) async throws -> T {
        let scheduler = await service.committedScheduler()
        return try await threads.runIfActive { try body(scheduler) }
    }

    /// Stops the threads (the pool must not outlive this: NIO insists).
    func shutdown() async {
        try? await threads.shutdownGracefully()
    }

    /// Runs work that needs no scheduler (a read of the database) on the pool's threads.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await threads.runIfActive(body)
    }
}
