import Testing
@testable import SchedulerCore

/// The usage ledger folded into a row per job per period (and, behind the burn-rate window, per job run) gives the
/// same fair share, budgets and burn rates as the ledger of one row per tick it replaces: the oracle is the tick-by-tick
/// ledger, replayed.
@Suite("Ledger rows: folded per period and per run, same answers as per tick")
struct LedgerRowsTests {
    static let policy = AccountingPolicy(usageHalfLife: FS.hours(12))
    static let period = LedgerRows.period(of: policy)

    // MARK: - When a charge folds into a row

    struct FoldCase: CustomTestStringConvertible, Sendable {
        var label: String
        var change: @Sendable (inout UsageCharge) -> Void
        var folds: Bool
        var testDescription: String { label }
    }

    static func row(from: Double, to: Double) -> UsageCharge {
        var row = FS.charge(1, from: FS.at(hours: from), to: FS.at(hours: to))
        row.rate = 1
        return row
    }

    static let foldCases: [FoldCase] = [
        FoldCase(label: "the next minute of the same hour", change: { _ in }, folds: true),
        FoldCase(label: "another job", change: { $0.job = JobID(2) }, folds: false),
        FoldCase(label: "a gap (a requeued job's next run)", change: { $0.from = $0.from + .seconds(1) }, folds: false),
        FoldCase(label: "another QoS (moved to scavenger)", change: { $0.qos = .scavenger }, folds: false),
        FoldCase(label: "another multiplier (an admin changed the QoS)", change: { $0.multiplier = 2 }, folds: false),
        FoldCase(label: "another rate", change: { $0.rate = 2 }, folds: false),
        FoldCase(label: "another budget flag", change: { $0.countsAgainstBudget = false }, folds: false),
        FoldCase(label: "ending in the next period", change: { $0.to = FS.at(hours: 2) + .seconds(1) }, folds: false),
        FoldCase(label: "ending exactly at the period's end", change: { $0.to = FS.at(hours: 2) }, folds: true),
    ]

    @Test(arguments: foldCases)
    func aChargeFoldsOnlyIntoItsJobsContiguousRowAtOnePriceAndPeriod(_ c: FoldCase) {
        let open = Self.row(from: 1, to: 1.5)
        var next = Self.row(from: 1.5, to: 1.5 + 1.0 / 60)
        c.change(&next)
        #expect(LedgerRows.canFold(next, into: open, period: Self.period) == c.folds)
    }

    @Test func foldingDecaysTheRowToItsNewEnd() {
        let open = Self.row(from: 0, to: 12)      // 1 GPU-hour counted at 12 h
        let next = Self.row(from: 12, to: 24)     // 1 more at 24 h
        let folded = LedgerRows.fold(next, into: open, halfLife: FS.hours(12))
        #expect(folded.from == open.from && folded.to == next.to)
        #expect(folded.gpuHours == 2)
        #expect(approximately(folded.decayedGPUHours, 1.5))  // half of the first, all of the second
    }

    // MARK: - The oracle: tick by tick vs folded vs compacted

    static let accounts = AccountRegistry(
        schemes: [FundingScheme(name: "aisp", budgets: [BudgetPeriod(start: .zero, end: FS.at(days: 30), gpuHours: 5_000)])],
        projects: [
            // Two periods whose boundary falls inside an hour, the first rolling over.
            Project(name: "llm", scheme: "aisp", shares: 2, members: ["alice", "bob"], budgets: [
                BudgetPeriod(start: .zero, end: FS.at(hours: 30) + .seconds(1_033), gpuHours: 300, rollover: true),
                BudgetPeriod(start: FS.at(hours: 30) + .seconds(1_033), end: FS.at(days: 30), gpuHours: 400),
            ]),
            Project(name: "vision", scheme: "aisp", members: ["alice", "carol"]),
        ],
        users: [UserAccount(name: "alice", defaultProject: "llm")])

    struct Run {
        var start: Instant
        var end: Instant
        var job: ChargeableJob
        /// The job moves to scavenger then (its budget ran out), still running.
        var demotedAt: Instant?

        func job(at now: Instant) -> ChargeableJob {
            var job = job
            if let demotedAt, now > demotedAt { job.qos = .scavenger }
            return job
        }
    }

    /// Four jobs over 60.5 hours ticked every minute: one ends mid-minute, one is at QoS high, one is requeued (two
    /// runs with a gap), one moves to scavenger (free) at 25 h; an admin doubles normal's multiplier at 33 h. Jobs 1, 3
    /// and 4 still run at the end.
    static func scenario() -> (ticks: [UsageCharge], rows: [UsageCharge], live: AccountingBook, end: Instant) {
        let runs = [
            Run(start: .zero, end: FS.at(hours: 70), job: FS.job(1, project: "llm", user: "alice", gpus: 8),
                demotedAt: FS.at(hours: 25)),
            Run(start: FS.at(hours: 2), end: FS.at(hours: 20) + .seconds(30),
                job: FS.job(2, project: "vision", user: "carol", gpus: 4, startedAt: FS.at(hours: 2))),
            Run(start: FS.at(hours: 5), end: FS.at(hours: 70),
                job: FS.job(3, project: "llm", user: "bob", qos: .high, gpus: 2, startedAt: FS.at(hours: 5))),
            Run(start: FS.at(hours: 10), end: FS.at(hours: 14) + .seconds(727),
                job: FS.job(4, project: "llm", user: "alice", gpus: 3, startedAt: FS.at(hours: 10))),
            Run(start: FS.at(hours: 15) + .seconds(11), end: FS.at(hours: 70),
                job: FS.job(4, project: "llm", user: "alice", gpus: 3, startedAt: FS.at(hours: 15) + .seconds(11))),
        ]
        var book = AccountingBook(policy: policy)
        // The old ledger, one row per tick, from the same meter rules.
        var meter = ChargeMeter()
        var ticks: [UsageCharge] = []
        var rows: [UsageCharge] = []
        let end = FS.at(hours: 60.5)
        var now = Instant.zero
        var doubled = false
        while now < end {
            now = book.nextTick(after: now)
            if !doubled, now >= FS.at(hours: 33) {
                var table = book.policy.qos
                table[.normal].chargeMultiplier = 2
                book.setQoS(table)
                doubled = true
            }
            // Runs that ended since the last tick are charged to their end, as the engine does.
            for run in runs where run.end <= now && run.end + .minutes(1) > now {
                let job = run.job(at: run.end)
                if let row = book.jobEnded(job, at: run.end, accounts: accounts) { rows.append(row) }
                if let tick = meter.jobEnded(job, at: run.end, charger: book.policy.charger) { ticks.append(tick) }
            }
            let running = runs.filter { $0.start < now && $0.end > now }.map { $0.job(at: now) }
            rows += book.tick(running: running, at: now, accounts: accounts)
            ticks += meter.tick(running: running, at: now, charger: book.policy.charger)
        }
        return (ticks, AccountingBookTests.stored(rows), book, end)
    }

    /// What the store's compaction leaves: closed rows before the cutoff folded per run, the rest as they are.
    static func compacted(_ rows: [UsageCharge], cutoff: Instant) -> [UsageCharge] {
        LedgerRows.compact(rows.filter { $0.to < cutoff }, halfLife: policy.usageHalfLife) + rows.filter { $0.to >= cutoff }
    }

    static func replayed(_ rows: [UsageCharge]) -> AccountingBook {
        var book = AccountingBook(policy: policy)
        book.replay(rows, accounts: accounts)
        return book
    }

    @Test func foldedAndCompactedLedgersGiveTheTickByTickAnswers() throws {
        let (ticks, rows, live, end) = Self.scenario()
        let cutoff = FS.at(hours: 35)  // 60.5 h − the 24 h window − one period, on the hour
        let ledgers: [(String, [UsageCharge])] = [
            ("folded per period", rows), ("compacted", Self.compacted(rows, cutoff: cutoff)), ("live", []),
        ]
        #expect(ticks.count > 8_000)
        #expect(rows.count < ticks.count / 50, "\(rows.count) rows for \(ticks.count) ticks")
        #expect(Self.compacted(rows, cutoff: cutoff).count < rows.count / 2)
        let oracle = Self.replayed(ticks)
        for (label, ledger) in ledgers {
            let book = label == "live" ? live : Self.replayed(ledger)
            for at in [end, end + FS.days(3)] {
                for key in [FS.key("alice", "llm"), FS.key("bob", "llm"), FS.key("carol", "vision")] {
                    let want = oracle.usage.usage(of: key, at: at)
                    #expect(want > 0)
                    #expect(approximately(book.usage.usage(of: key, at: at), want, 1e-12), "\(label) \(key)")
                }
                let factors = book.fairShare(accounts: Self.accounts, at: at).factors
                let expected = oracle.fairShare(accounts: Self.accounts, at: at).factors
                for (key, value) in expected {
                    #expect(approximately(factors[key] ?? -1, value, 1e-12), "\(label) fair share of \(key)")
                }
            }
            for at in [FS.at(hours: 29), FS.at(hours: 31), end] {
                for account in [AccountRef.project("llm"), .project("vision"), .scheme("aisp")] {
                    let state = book.budgetState(of: account, accounts: Self.accounts, at: at)
                    let want = oracle.budgetState(of: account, accounts: Self.accounts, at: at)
                    if label != "live" || at == end { Self.expectSame(state, want, "\(label) \(account) at \(at)") }
                }
            }
        }
    }

    static func expectSame(_ a: BudgetState, _ b: BudgetState, _ label: String) {
        guard let x = a.status, let y = b.status else {
            #expect(a == b, "\(label)")
            return
        }
        #expect(x.period == y.period, "\(label)")
        for (got, want) in [(x.used, y.used), (x.carriedIn, y.carriedIn), (x.allocated, y.allocated),
                            (x.remaining, y.remaining), (x.burnRate, y.burnRate)] {
            #expect(approximately(got, want, 1e-12), "\(label): \(got) vs \(want)")
        }
        #expect(Set(x.usedByQoS.keys) == Set(y.usedByQoS.keys), "\(label)")
        for (qos, want) in y.usedByQoS { #expect(approximately(x.usedByQoS[qos] ?? -1, want, 1e-12), "\(label) \(qos)") }
        let ends = (x.projectedExhaustion?.milliseconds, y.projectedExhaustion?.milliseconds)
        #expect((ends.0 == nil) == (ends.1 == nil) && abs((ends.0 ?? 0) - (ends.1 ?? 0)) <= 1, "\(label) exhaustion")
    }

    @Test func aRestartResumesTheOpenRow() throws {
        let (_, rows, live, end) = Self.scenario()
        var book = Self.replayed(rows)
        book.resumeCharging(openRows: rows.filter { [JobID(1), JobID(3), JobID(4)].contains($0.job) })
        #expect(book.openRows == live.openRows)
        #expect(book.meter == live.meter)
        let next = book.tick(running: [FS.job(3, project: "llm", user: "bob", qos: .high, gpus: 2,
                                              startedAt: FS.at(hours: 5))],
                             at: end + .minutes(1), accounts: Self.accounts)
        #expect(next.count == 1 && next[0].from == live.openRows[JobID(3)]?.from, "the same row, extended")
    }
}
