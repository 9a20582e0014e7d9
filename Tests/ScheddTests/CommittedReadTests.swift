import Foundation
import Logging
@testable import schedd
import SchedulerCore
import SchedulerProtocol
import SchedulerStore
import Synchronization
import Testing

/// Queries run off the service's actor, on the scheduler as last committed: they see everything acknowledged before
/// they were asked, and the service keeps no copy of its tables for them when none is running.
@Suite struct CommittedReadTests {
    static func service() throws -> SchedulerService {
        SchedulerService(scheduler: Scheduler(), store: try StateStore.inMemory(), clock: WallClock(),
                         logger: Logger(label: "test"))
    }

    static func held(_ name: String) -> JobSpec {
        var submission = JobSubmission()
        submission.name = name
        submission.argv = ["true"]
        submission.workdir = "/tmp"
        submission.hold = true
        return WireMapping.spec(from: submission, user: "ada")
    }

    @Test func aQueryAskedAfterAnAcknowledgementSeesWhatWasAcknowledged() async throws {
        let service = try Self.service()
        let queries = QueryPool(service: service, threadCount: 2)
        let client = QueryPool.Client(subject: "user ada", connection: ObjectIdentifier(queries))
        let unseen = try await withThrowingTaskGroup(of: [JobID].self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var unseen: [JobID] = []
                    for i in 0..<25 {
                        let reply = await service.perform { .jobSubmitted(Self.held("w\(worker)-\(i)"), request: $0) }
                        guard case .submitted(let id) = reply else {
                            Issue.record("submit refused: \(reply)")
                            continue
                        }
                        if try await !queries.read(for: client, { $0.state.jobs[id] != nil }) { unseen.append(id) }
                    }
                    return unseen
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(unseen.isEmpty, "acknowledged but not seen by a later query: \(unseen)")
        #expect(try await queries.read(for: client) { $0.state.jobs.count } == 200)
        await queries.shutdown()
    }

    @Test func theCommittedSchedulerIsPublishedOnlyWhenAskedAndWithdrawnForTheNextBatch() async throws {
        let service = try Self.service()
        _ = await service.perform { .jobSubmitted(Self.held("first"), request: $0) }
        #expect(service.committed.current() == nil, "published with no query asking")
        let seen = await service.committedScheduler()
        #expect(seen.state.jobs.count == 1)
        #expect(service.committed.current()?.state.jobs.count == 1)
        _ = await service.perform { .jobSubmitted(Self.held("second"), request: $0) }
        #expect(service.committed.current() == nil, "an older version stayed on the board")
        #expect(await service.committedScheduler().state.jobs.count == 2)
        // The copy a query held is untouched by the batch after it.
        #expect(seen.state.jobs.count == 1)
    }

    /// Users take turns: a user with many queries queued does not go ahead of another user's one.
    @Test func usersTakeTurnsOnThePool() async throws {
        let service = try Self.service()
        let queries = QueryPool(service: service, threadCount: 1)
        let order = OrderLog()
        let gate = DispatchSemaphore(value: 0)
        let flood = QueryPool.Client(subject: "user mallory", connection: ObjectIdentifier(order))
        let other = QueryPool.Client(subject: "user ada", connection: ObjectIdentifier(gate))
        // The first of mallory's queries holds the only thread until every other query is queued.
        let blocker = Task { try await queries.run(for: flood) { gate.wait(); order.append("mallory-0") } }
        try await Task.sleep(for: .milliseconds(300))
        let floods = (1...5).map { i in Task { try await queries.run(for: flood) { order.append("mallory-\(i)") } } }
        try await Task.sleep(for: .milliseconds(300))
        let ada = Task { try await queries.run(for: other) { order.append("ada") } }
        try await Task.sleep(for: .milliseconds(300))
        gate.signal()
        try await blocker.value
        for task in floods { try await task.value }
        try await ada.value
        let entries = order.entries
        #expect(entries.count == 7 && entries[0] == "mallory-0" && entries[1].hasPrefix("mallory-") && entries[2] == "ada",
                "ada waited for more than one of mallory's queries: \(entries)")
        await queries.shutdown()
    }
}

final class OrderLog: Sendable {
    private let log = Mutex<[String]>([])
    func append(_ entry: String) { log.withLock { $0.append(entry) } }
    var entries: [String] { log.withLock { $0 } }
}
