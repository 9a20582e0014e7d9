import Foundation
import SchedulerCore
import Testing
@testable import SchedulerStore

/// Transitions → rows → `ClusterState`: recovery rebuilds what the core had.
@Suite struct StateStoreTests {
    let user = Principal(name: "alice", role: .user)

    private func node(_ name: String, cpus: Int = 4) -> NodeInventory {
        NodeInventory(name: name, address: name, cpuIDs: Array(0..<cpus), memoryMB: 16_000, gpuIndices: [0, 1])
    }

    private func spec(_ name: String, cpus: Int = 2) -> JobSpec {
        JobSpec(name: name, user: "alice", workdir: "/tmp", argv: ["true"], request: ResourceRequest(cpusPerNode: cpus))
    }

    @Test func committedStateLoadsBackEqual() async throws {
        let store = try StateStore.inMemory()
        var scheduler = Scheduler()
        var t = Instant(milliseconds: 1_000)
        var all: [Transition] = []
        all += scheduler.handle(.nodeRegistered(node("n1"), running: [], request: RequestID(1)), at: t).transitions
        for i in 0..<3 {
            t = t + .seconds(1)
            all += scheduler.handle(.jobSubmitted(spec("j\(i)"), request: RequestID(UInt64(10 + i))), at: t).transitions
        }
        t = t + .seconds(1)
        all += scheduler.handle(.jobExited(JobID(1), node: "n1", ExitReport(exitCode: 0), request: nil), at: t).transitions
        try await store.commit(all)

        let loaded = try store.load(now: t)
        let live = scheduler.state
        #expect(loaded.jobs.count == 3)
        for (id, job) in live.jobs {
            var expected = job
            var got = try #require(loaded.jobs[id])
            // Pending reasons are recomputed each cycle and are not stored.
            if expected.state == .pending { (expected.pendingReason, expected.pendingDetail) = (got.pendingReason, got.pendingDetail) }
            #expect(got == expected)
        }
        #expect(loaded.nodes["n1"]?.allocatedCPUs == live.nodes["n1"]?.allocatedCPUs)
        #expect(loaded.nodes["n1"]?.connected == false)
        #expect(loaded.nextJobID == 4)
    }

    @Test func aJobChangedTwiceInOneBatchIsStoredInItsFinalForm() async throws {
        let store = try StateStore.inMemory()
        var scheduler = Scheduler()
        let t = Instant(milliseconds: 5)
        var fx = scheduler.handle(.nodeRegistered(node("n1"), running: [], request: RequestID(1)), at: t)
        fx.append(scheduler.handle([.jobSubmitted(spec("a"), request: RequestID(2))], at: t))
        try await store.commit(fx.transitions)
        let loaded = try store.load(now: t)
        #expect(loaded.jobs[JobID(1)]?.state == .running)
        #expect(loaded.jobs[JobID(1)]?.history.map(\.state) == [.pending, .running])
    }

    @Test func fileDatabaseUsesWALWithFullSync() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try StateStore(path: dir + "/a.db")
        #expect(try store.synchronousMode() == 2)
        #expect(FileManager.default.fileExists(atPath: dir + "/a.db-wal"))
        // Reopening runs the migrator again, which must be a no-op.
        _ = try StateStore(path: dir + "/a.db")
    }

    @Test func accountsRoundTrip() throws {
        let store = try StateStore.inMemory()
        let registry = AccountRegistry(
            schemes: [FundingScheme(name: "aisp", displayName: "AI Subsidy", shares: 5)],
            projects: [Project(name: "llm", scheme: "aisp", displayName: "LLM", shares: 3, members: ["bob", "alice"])],
            users: [UserAccount(name: "alice", defaultProject: "llm")])
        try store.replaceAccounts(registry)
        let loaded = try store.loadAccounts()
        #expect(loaded.schemes == registry.schemes)
        #expect(loaded.projects["llm"]?.members.sorted() == ["alice", "bob"])
        #expect(loaded.users == registry.users)
    }

    @Test func tokensAreRecordedAndRevoked() throws {
        let store = try StateStore.inMemory()
        try store.recordToken(TokenRecord(id: "t1", user: "alice", role: "user", issuedAt: 1, expiresAt: 100))
        #expect(try store.revokedTokenIDs().isEmpty)
        #expect(try store.revokeToken(id: "t1", at: 50))
        #expect(try !store.revokeToken(id: "t1", at: 60))
        #expect(try store.revokedTokenIDs() == ["t1"])
    }
}
