import Foundation
import Logging
@testable import schedd
@testable import SchedulerCore
import SchedulerStore
import Testing

/// A database short of room makes schedd refuse new work with a clear error instead of acknowledging what it might
/// not store; a commit that fails anyway stops schedd without answering (fail-stop).
@Suite(.serialized) struct StorageGuardTests {
    let dir: String

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("guard-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    static func spec(scriptBytes: Int) -> JobSpec {
        JobSpec(name: "big", user: "alice", workdir: "/tmp",
                script: "#!/bin/sh\n" + String(repeating: "#", count: scriptBytes), request: ResourceRequest(cpusPerNode: 1))
    }

    /// Records the fail-stop instead of exiting.
    final class Stops: @unchecked Sendable {
        private let lock = NSLock()
        private var reasons: [String] = []
        func record(_ reason: String) { lock.lock(); reasons.append(reason); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return reasons }
    }

    func service(store: StateStore, reserve: Int64?, stops: Stops) -> SchedulerService {
        SchedulerService(scheduler: Scheduler(), store: store, clock: WallClock(), logger: Logger(label: "test"),
                         storage: reserve.map { StorageGuard(store: store, reserveBytes: $0) },
                         failStop: { stops.record($0) })
    }

    @Test func submissionsAreRefusedOnceTheRoomLeftWouldGoBelowTheReserve() async throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try StateStore(path: dir + "/aisched.db", maximumBytes: 4 << 20)
        let stops = Stops()
        let service = service(store: store, reserve: 1 << 20, stops: stops)
        let first = await service.perform { .jobSubmitted(Self.spec(scriptBytes: 1_600_000), request: $0) }
        #expect(first == .submitted(JobID(1)))
        let second = await service.perform { .jobSubmitted(Self.spec(scriptBytes: 1_600_000), request: $0) }
        guard case .rejected(let refusal) = second else {
            Issue.record("accepted a submission that would eat into the reserve: \(second)")
            return
        }
        #expect(refusal.code == .unavailable)
        #expect(refusal.message.hasPrefix("schedd cannot store new work: its database has "))
        #expect(refusal.message.contains("maximum (maxDatabaseMB)"))
        #expect(refusal.message.contains("it keeps 1024 KiB in reserve (storageReserveMB)"))
        #expect(refusal.message.hasSuffix("an admin must free space in \(dir)"), "\(refusal.message)")
        #expect(refusal.hint.contains("nothing was stored"))
        // Small work still fits, and what was acknowledged is on disk.
        let small = await service.perform { .jobSubmitted(Self.spec(scriptBytes: 100), request: $0) }
        #expect(small == .submitted(JobID(2)))
        #expect(try store.load(now: Instant(milliseconds: 1)).jobs.keys.sorted() == [JobID(1), JobID(2)])
        #expect(stops.all.isEmpty)
    }

    @Test func aCommitThatFailsStopsScheddWithoutAnsweringAndRefusesWhatFollows() async throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try StateStore(path: dir + "/aisched.db", maximumBytes: 2 << 20)
        let stops = Stops()
        let service = service(store: store, reserve: nil, stops: stops) // no guard: the commit itself fails
        let answered = Task { await service.perform { .jobSubmitted(Self.spec(scriptBytes: 3_000_000), request: $0) } }
        #expect(try await eventually { !stops.all.isEmpty })
        #expect(stops.all.first?.hasPrefix("schedd cannot store new work: cannot write to the state database: the disk or the database's size limit is full") == true,
                "\(stops.all)")
        #expect(stops.all.first?.contains("an admin must free space in \(dir)") == true)
        // The failed batch was never acknowledged, and nothing after it is taken.
        try await Task.sleep(for: .milliseconds(200))
        let later = await service.perform { .jobSubmitted(Self.spec(scriptBytes: 10), request: $0) }
        guard case .rejected(let refusal) = later else {
            Issue.record("work was taken after a failed commit: \(later)")
            return
        }
        #expect(refusal.code == .unavailable)
        #expect(try store.load(now: Instant(milliseconds: 1)).jobs.isEmpty)
        answered.cancel() // its continuation is never resumed: schedd would have exited
    }

    @Test func theEstimateCountsTheScriptOnceAndEveryTask() {
        var spec = Self.spec(scriptBytes: 1_000_000)
        let one = StorageGuard.estimate(spec)
        spec.array = "0-99"
        let array = StorageGuard.estimate(spec)
        #expect(one > 1_000_000 && one < 1_010_000)
        #expect(array - one == 99 * (one - 1_000_010))
    }

    private func eventually(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<100 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }
}
