import Dispatch
import NIOCore
import NIOPosix
import SchedulerCore
import Synchronization

/// Where read-only requests do their work: threads of their own, on the last committed scheduler, taking the
/// users with work in turn, and each user's connections in turn.
///
/// Not the scheduler's actor (a query over a large job table takes milliseconds, and thousands of pipelined ones
/// kept submits, heartbeats and timer ticks waiting for tens of seconds), and not Swift's cooperative pool either,
/// which the actor and every connection's request task share: busy query threads there would hold up a heartbeat
/// just the same. Each connection has at most `ConnectionPolicy.maxRequestsInFlight` requests in progress, and the
/// threads serve round-robin, one query at a time: first by principal (a user, with the tokens of their jobs; an
/// admin; a node), then by connection within it. A user flooding the pool from one connection or from hundreds waits
/// for their own earlier queries; another user's query waits for at most one query of each other busy user.
final class QueryPool: Sendable {
    /// Whose turn a piece of work waits for.
    struct Client: Hashable, Sendable {
        /// Who asks: a user (with all their jobs' tokens), an admin, a node.
        var subject: String
        var connection: ObjectIdentifier

        init(_ principal: Principal, on channel: any Channel) {
            self.init(subject: "\(principal.role.rawValue) \(principal.name)", connection: ObjectIdentifier(channel))
        }

        init(subject: String, connection: ObjectIdentifier) {
            self.subject = subject
            self.connection = connection
        }
    }

    private typealias Work = @Sendable () -> Void

    /// One subject's connections with work, and theirs turns.
    private struct SubjectQueue {
        var work: [ObjectIdentifier: CircularBuffer<Work>] = [:]
        var turns = CircularBuffer<ObjectIdentifier>()

        mutating func append(_ item: @escaping Work, for connection: ObjectIdentifier) {
            if work[connection] == nil { turns.append(connection) }
            work[connection, default: []].append(item)
        }

        /// The next connection's first piece of work; that connection goes to the back of the line.
        mutating func next() -> Work? {
            guard let connection = turns.popFirst() else { return nil }
            let item = work[connection]?.popFirst()
            if work[connection]?.isEmpty == false {
                turns.append(connection)
            } else {
                work[connection] = nil
            }
            return item
        }

        var isEmpty: Bool { turns.isEmpty }
    }

    private struct Queues {
        var subjects: [String: SubjectQueue] = [:]
        var turns = CircularBuffer<String>()
    }

    private let threads: NIOThreadPool
    private let service: SchedulerService
    private let queues = Mutex(Queues())

    /// Half the cores (at least one): the other half is left to the scheduler's actor and the event loops.
    static var defaultThreadCount: Int { max(1, System.coreCount / 2) }

    init(service: SchedulerService, threadCount: Int = QueryPool.defaultThreadCount) {
        self.service = service
        threads = NIOThreadPool(numberOfThreads: threadCount)
        threads.start()
    }

    /// Stops the threads (the pool must not outlive this: NIO insists).
    func shutdown() async {
        try? await threads.shutdownGracefully()
    }

    /// Runs `body` for `client` on the scheduler as last committed (never on a change that is not durable yet).
    ///
    /// The scheduler is taken when the work's turn comes, not when it is queued: queued queries holding the versions
    /// of their arrival would keep a copy of the tables alive for every batch committed while they wait.
    func read<T: Sendable>(for client: Client, _ body: @escaping @Sendable (Scheduler) throws -> T) async throws -> T {
        let service = self.service
        return try await run(for: client) {
            try body(service.committed.current() ?? Self.waitForCommitted(service))
        }
    }

    /// Blocks this pool thread until the service publishes its committed scheduler: at once between batches, else
    /// right after the commit under way.
    private static func waitForCommitted(_ service: SchedulerService) -> Scheduler {
        let handoff = Handoff()
        Task {
            let scheduler = await service.committedScheduler()
            handoff.value.withLock { $0 = scheduler }
            handoff.ready.signal()
        }
        handoff.ready.wait()
        return handoff.value.withLock { $0! }
    }

    private final class Handoff: Sendable {
        let value = Mutex<Scheduler?>(nil)
        let ready = DispatchSemaphore(value: 0)
    }

    /// Runs `body` for `client` in its turn on the pool's threads (also work that needs no scheduler, such as a read
    /// of the database).
    func run<T: Sendable>(for client: Client, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queues.withLock { queues in
                if queues.subjects[client.subject] == nil { queues.turns.append(client.subject) }
                queues.subjects[client.subject, default: SubjectQueue()]
                    .append({ continuation.resume(with: Result(catching: body)) }, for: client.connection)
            }
            // One thread task per piece of work; which work it runs is decided when it runs, by turn. When shutting
            // down, the pool still calls it (cancelled): the work runs anyway, so nothing waits for ever.
            threads.submit { _ in self.nextInTurn()?() }
        }
    }

    /// The next piece of work of the subject whose turn it is; that subject goes to the back of the line.
    private func nextInTurn() -> Work? {
        queues.withLock { queues in
            guard let subject = queues.turns.popFirst() else { return nil }
            let item = queues.subjects[subject]?.next()
            if queues.subjects[subject]?.isEmpty == false {
                queues.turns.append(subject)
            } else {
                queues.subjects[subject] = nil
            }
            return item
        }
    }
}
