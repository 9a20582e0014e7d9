import Foundation
import Testing
@testable import SchedulerCore

@Suite("The accounting book: charged while running, rebuilt from the ledger")
struct AccountingBookTests {
    static let quarter = BudgetPeriod(start: .zero, end: FS.at(days: 90), gpuHours: 500)
    static let accounts = AccountRegistry(
        schemes: [FundingScheme(name: "aisp", budgets: [BudgetPeriod(start: .zero, end: FS.at(days: 90), gpuHours: 2000)])],
        projects: [Project(name: "llm", scheme: "aisp", shares: 2, members: ["alice", "bob"], budgets: [quarter]),
                   Project(name: "vision", scheme: "aisp", members: ["alice", "carol"])],
        users: [UserAccount(name: "alice", defaultProject: "llm")])

    /// Three jobs over a day and a half, ticked every minute: one ends early, one is scavenger. The rows as the store
    /// holds them (a row returned again replaces the one with its job and start), and the book.
    static func run() -> (ledger: [UsageCharge], book: AccountingBook, end: Instant) {
        var book = AccountingBook(policy: AccountingPolicy(usageHalfLife: FS.hours(12)))
        let jobs = [FS.job(1, project: "llm", user: "alice", gpus: 8, startedAt: .zero),
                    FS.job(2, project: "vision", user: "carol", gpus: 4, startedAt: FS.at(hours: 2)),
                    FS.job(3, project: "llm", user: "bob", qos: .scavenger, gpus: 2, startedAt: FS.at(hours: 5))]
        let ends = [JobID(2): FS.at(hours: 20) + .seconds(30)]
        var ledger: [UsageCharge] = []
        var running: [ChargeableJob] = []
        let end = FS.at(hours: 36)
        var now = Instant.zero
        while now < end {
            now = book.nextTick(after: now)
            for job in jobs where job.startedAt < now && !running.contains(job) && ends[job.id].map({ $0 > now }) ?? true {
                running.append(job)
            }
            for job in running { if let ended = ends[job.id], ended <= now,
                                    let charge = book.jobEnded(job, at: ended, accounts: accounts) { ledger.append(charge) } }
            running.removeAll { ends[$0.id].map { $0 <= now } ?? false }
            ledger += book.tick(running: running, at: now, accounts: accounts)
        }
        return (stored(ledger), book, end)
    }

    /// What a store keeps of rows written in this order: the last write of each job and start, in first-write order.
    static func stored(_ rows: [UsageCharge]) -> [UsageCharge] {
        struct Key: Hashable { var job: JobID; var from: Instant }
        var order: [Key] = []
        var latest: [Key: UsageCharge] = [:]
        for row in rows {
            let key = Key(job: row.job, from: row.from)
            if latest.updateValue(row, forKey: key) == nil { order.append(key) }
        }
        return order.map { latest[$0]! }
    }

    @Test func chargesAppearWhileJobsRun() {
        let (ledger, _, _) = Self.run()
        let first = ledger.filter { $0.job == JobID(1) }
        #expect(first.count == 36)  // one row an hour (the ledger period), extended at each minute's tick
        #expect(first.first?.to == .zero + .minutes(60))
        #expect(zip(first, first.dropFirst()).allSatisfy { $0.to == $1.from }, "contiguous, nothing charged twice")
        #expect(approximately(first.reduce(0) { $0 + $1.gpuHours }, 8 * 36, 1e-9))
        let second = ledger.filter { $0.job == JobID(2) }
        #expect(second.last?.to == FS.at(hours: 20) + .seconds(30))  // the end is charged to the millisecond
        #expect(approximately(second.reduce(0) { $0 + $1.gpuHours }, 4 * (18 + 30.0 / 3600), 1e-9))
    }

    @Test func budgetTotalsFollowTheTicks() throws {
        // llm: 8 GPUs from 0 h (its scavenger job does not count), 500 GPU-hours: at 36 h 288 are used, and at
        // 8 per hour the rest lasts until 62.5 h.
        let (_, book, end) = Self.run()
        let status = try #require(book.budgetState(of: .project("llm"), accounts: Self.accounts, at: end).status)
        #expect(approximately(status.used, 288, 1e-9) && approximately(status.burnRate, 8, 1e-9))
        let exhaustion = try #require(status.projectedExhaustion)
        #expect(abs(exhaustion.milliseconds - FS.at(hours: 62.5).milliseconds) <= 1)
        // The scheme pays for both projects: 288 + 72.0333…
        let scheme = try #require(book.budgetState(of: .scheme("aisp"), accounts: Self.accounts, at: end).status)
        #expect(approximately(scheme.used, 288 + 4 * (18 + 30.0 / 3600), 1e-9))
    }

    @Test func aLongJobCannotOverrunTheBudgetByMoreThanATick() {
        // 1 GPU-hour of budget, a job on 8 GPUs: spent after 7.5 minutes, seen at the 8-minute tick.
        var accounts = Self.accounts
        accounts.projects["llm"]?.budgets = [BudgetPeriod(start: .zero, end: FS.at(days: 1), gpuHours: 1)]
        var book = AccountingBook(policy: AccountingPolicy())
        let job = FS.job(1, project: "llm", gpus: 8)
        let request = QuotaRequest(project: "llm", gpus: 8)
        let check = QuotaCheck(accounts: accounts)
        var stoppedAt: Instant?
        for minute in 1...20 where stoppedAt == nil {
            let now = Instant.zero + .minutes(Int64(minute))
            _ = book.tick(running: [job], at: now, accounts: accounts)
            let snapshot = book.quotaSnapshot(accounts: accounts, running: [request], at: now)
            if check.budgetVerdict(forRunning: request, snapshot: snapshot, at: now) != nil { stoppedAt = now }
        }
        #expect(stoppedAt == .zero + .minutes(8))
        // After it, a normal job waits and a scavenger job may start.
        let now = Instant.zero + .minutes(8)
        let idle = book.quotaSnapshot(accounts: accounts, running: [], at: now)
        #expect(check.pendingReason(request, snapshot: idle, at: now)?.reason == .budgetExhausted)
        #expect(check.pendingReason(QuotaRequest(project: "llm", qos: .scavenger, gpus: 8), snapshot: idle, at: now) == nil)
    }

    @Test func replayingTheLedgerRebuildsTheBook() throws {
        let (ledger, live, end) = Self.run()
        var rebuilt = AccountingBook(policy: live.policy)
        rebuilt.replay(ledger, accounts: Self.accounts)
        for key in [FS.key("alice", "llm"), FS.key("bob", "llm"), FS.key("carol", "vision")] {
            #expect(approximately(rebuilt.usage.usage(of: key, at: end), live.usage.usage(of: key, at: end), 1e-12))
        }
        #expect(rebuilt.fairShare(accounts: Self.accounts, at: end).factors
                == live.fairShare(accounts: Self.accounts, at: end).factors)
        for account in [AccountRef.project("llm"), .scheme("aisp")] {
            let a = try #require(rebuilt.budgetState(of: account, accounts: Self.accounts, at: end).status)
            let b = try #require(live.budgetState(of: account, accounts: Self.accounts, at: end).status)
            #expect(approximately(a.used, b.used, 1e-12) && approximately(a.burnRate, b.burnRate, 1e-12))
        }
    }

    @Test func chargingResumesWhereTheLedgerEnds() throws {
        var book = AccountingBook(policy: AccountingPolicy())
        var last = FS.charge(4, from: FS.at(hours: 2), to: FS.at(hours: 3))
        last.rate = 2
        book.resumeCharging(openRows: [last])
        let job = FS.job(1, gpus: 2, startedAt: .zero)
        let rows = book.tick(running: [job], at: FS.at(hours: 3.5), accounts: Self.accounts)
        #expect(rows.map(\.from) == [FS.at(hours: 3)] && approximately(rows[0].gpuHours, 1))
    }

    @Test func theBookSurvivesASnapshot() throws {
        let (_, live, _) = Self.run()
        let decoded = try JSONDecoder().decode(AccountingBook.self, from: JSONEncoder().encode(live))
        #expect(decoded == live)
    }
}
