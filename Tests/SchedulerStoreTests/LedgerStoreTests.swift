import Foundation
import GRDB
import SchedulerCore
import Testing
@testable import SchedulerStore

/// The usage ledger on disk: a row per job per period, updated in place; folded per job run once behind the burn-rate
/// window; bounded in size per running job and day; and a ledger of one row per tick (written before) folded on its
/// first load, with the same accounting answers.
@Suite(.serialized) struct LedgerStoreTests {
    static let policy = AccountingPolicy(usageHalfLife: Span.minutes(12 * 60))
    static let start = Instant(milliseconds: 1_767_225_600_000) // 2026-01-01T00:00Z, on the hour
    static let jobs = 20
    /// What a running job may cost the ledger per day: 24 hourly rows of ~60 bytes with their index entries and page
    /// slack come to ~4 KiB; one row per tick was 1,440 rows (~190 KiB with the same indexes).
    static let boundPerJobDay = 8 * 1024

    static var settings: SchedulerSettings {
        var settings = SchedulerSettings()
        settings.accounting = policy
        return settings
    }

    static func node(_ i: Int) -> NodeInventory {
        NodeInventory(name: "n\(i)", address: "n\(i)", cpuIDs: Array(0..<8), memoryMB: 64_000, gpuIndices: Array(0..<8))
    }

    /// `jobs` one-GPU jobs of two users, running for a day of one-minute ticks, every commit written to `store`.
    static func day(into store: StateStore) throws -> (Scheduler, end: Instant) {
        var scheduler = Scheduler(settings: settings)
        var now = start
        var request: UInt64 = 1
        func handle(_ events: [Event]) throws {
            let fx = scheduler.handle(events, at: now)
            try store.commitNow(fx.transitions)
            request += 1
        }
        for i in 0..<3 { try handle([.nodeRegistered(node(i), running: [], request: RequestID(request))]) }
        for i in 0..<jobs {
            let user = i % 2 == 0 ? "alice" : "bob"
            try handle([.jobSubmitted(JobSpec(name: "j\(i)", user: user, workdir: "/tmp", argv: ["sleep"],
                                              request: ResourceRequest(cpusPerNode: 1, gpusPerNode: 1)),
                                      request: RequestID(request))])
        }
        let end = start + .minutes(24 * 60)
        while now < end {
            now = now + .minutes(1)
            // The agents keep the nodes up.
            try handle((0..<3).map { .heartbeatReceived(node: "n\($0)", running: scheduler.state.nodes["n\($0)"]!.jobs.sorted()) }
                       + [.timerFired])
        }
        return (scheduler, end)
    }

    @Test func aDayOfTicksStaysUnderTheBoundAndLoadsBackTheSameBook() throws {
        let store = try StateStore.inMemory()
        let (scheduler, end) = try Self.day(into: store)
        let live = scheduler.state.book
        #expect(scheduler.state.runningIDs.count == Self.jobs)

        let footprint = try store.ledgerFootprint()
        #expect(footprint.rows <= Self.jobs * 25, "\(footprint.rows) rows")
        #expect(footprint.bytes > 0 && footprint.bytes <= Self.jobs * Self.boundPerJobDay,
                "\(footprint.bytes / Self.jobs) bytes per running job and day")

        let loaded = try store.load(now: end, policy: Self.policy).book
        #expect(loaded.openRows == live.openRows, "each running job goes on extending its row")
        #expect(loaded.meter == live.meter)
        let project = try #require(scheduler.state.jobs.values.first).spec.project
        for user in ["alice", "bob"] {
            let key = UsageKey(project: project, user: user)
            let want = live.usage.usage(of: key, at: end)
            #expect(want > 0)
            #expect(abs(loaded.usage.usage(of: key, at: end) - want) <= 1e-12 * want, "\(user)")
        }
    }

    @Test func rowsBehindTheWindowAreFoldedPerRunWithTheSameTotals() throws {
        let store = try StateStore.inMemory()
        let (scheduler, end) = try Self.day(into: store)
        let before = try store.ledger()
        // Two days later (schedd was down): every row but none of the open ones' successors lies behind the window.
        let later = end + .minutes(2 * 24 * 60)
        let loaded = try store.load(now: later, policy: Self.policy)
        let after = try store.ledger()
        #expect(after.count == Self.jobs, "one row per job run: \(after.count)")
        #expect(abs(after.reduce(0) { $0 + $1.gpuHours } - before.reduce(0) { $0 + $1.gpuHours }) < 1e-9)
        let project = try #require(scheduler.state.jobs.values.first).spec.project
        for user in ["alice", "bob"] {
            let key = UsageKey(project: project, user: user)
            let want = scheduler.state.book.usage.usage(of: key, at: later)
            #expect(want > 0)
            #expect(abs(loaded.book.usage.usage(of: key, at: later) - want) <= 1e-12 * want, "\(user)")
        }
        // Charging resumes on the folded row: the next tick starts a new row, contiguous with it.
        var resumed = Scheduler(state: loaded, settings: Self.settings)
        let fx = resumed.handle(.timerFired, at: later + .minutes(1))
        let rows = fx.transitions.compactMap { if case .usageCharged(let row) = $0 { row } else { nil } }
        #expect(rows.count == Self.jobs)
        #expect(rows.allSatisfy { row in after.contains { $0.job == row.job && $0.to == row.from } })
    }

    @Test func rowsOnlyGrow() throws {
        let store = try StateStore.inMemory()
        _ = try Self.day(into: store)
        #expect(throws: (any Error).self) {
            try store.writer.write { try $0.execute(sql: "UPDATE usage_ledger SET gpu_hours = gpu_hours / 2") }
        }
        #expect(throws: (any Error).self) {
            try store.writer.write { try $0.execute(sql: "UPDATE usage_ledger SET project = 'other'") }
        }
    }

    /// A database written before rows were folded: one row per tick, no decayed column. The migration keeps the rows;
    /// the first load folds them and rebuilds the book a replay of the ticks gives.
    @Test func aLedgerOfTicksIsFoldedOnItsFirstLoad() throws {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v4-node-control")
        var ticks: [UsageCharge] = []
        try queue.write { db in
            for job in 1...5 {
                for minute in 0..<(6 * 60) {
                    let from = Self.start + .minutes(Int64(minute))
                    let tick = UsageCharge(job: JobID(UInt64(job)), project: "", user: job % 2 == 0 ? "alice" : "bob",
                                           qos: .normal, from: from, to: from + .minutes(1), rate: 1, multiplier: 1,
                                           gpuHours: 1.0 / 60, countsAgainstBudget: true)
                    ticks.append(tick)
                    try db.execute(sql: """
                        INSERT INTO usage_ledger (job_id, project, user, qos, from_ms, to_ms, rate, multiplier, gpu_hours,
                                                  counts_against_budget) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [job, tick.project, tick.user, "normal", tick.from.milliseconds,
                                         tick.to.milliseconds, 1.0, 1.0, tick.gpuHours, true])
                }
            }
        }
        let store = try StateStore(writer: queue, auditRenderer: StateStore.auditJSON, path: nil, maximumBytes: nil)
        #expect(try store.ledgerFootprint().rows == 5 * 360, "the migration keeps every row")
        let now = Self.start + .minutes(3 * 24 * 60)
        let book = try store.load(now: now, policy: Self.policy).book
        let rows = try store.ledger()
        #expect(rows.count == 5)
        #expect(rows.allSatisfy { abs($0.gpuHours - 6) < 1e-9 && $0.to - $0.from == .minutes(360) })
        var oracle = AccountingBook(policy: Self.policy)
        oracle.replay(ticks, accounts: AccountRegistry())
        for user in ["alice", "bob"] {
            let key = UsageKey(project: "", user: user)
            let want = oracle.usage.usage(of: key, at: now)
            #expect(want > 0)
            #expect(abs(book.usage.usage(of: key, at: now) - want) <= 1e-12 * want, "\(user)")
        }
    }
}
