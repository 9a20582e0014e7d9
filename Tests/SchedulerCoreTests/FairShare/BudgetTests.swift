import Testing
@testable import SchedulerCore

@Suite("Budgets: periods, rollover, burn rate, projected exhaustion")
struct BudgetTests {
    static let llm = AccountRef.project("llm")
    static let q1 = BudgetPeriod(start: FS.at(days: 0), end: FS.at(days: 90), gpuHours: 1000)
    static let q2 = BudgetPeriod(start: FS.at(days: 90), end: FS.at(days: 180), gpuHours: 1000)
    static let q3 = BudgetPeriod(start: FS.at(days: 180), end: FS.at(days: 270), gpuHours: 1000)

    /// Usage of `gpuHours` charged as one row ending at `day`.
    static func spend(_ usage: inout BudgetUsage, _ gpuHours: Double, endingOn day: Double, periods: [BudgetPeriod],
                      qos: QoS = .normal, counts: Bool = true) {
        usage.record(FS.charge(gpuHours, qos: qos, from: FS.at(days: day - 0.5), to: FS.at(days: day), counts: counts),
                     for: llm, periods: periods)
    }

    @Test func noPeriodsMeansUnlimited() {
        let state = BudgetUsage().state(of: Self.llm, periods: [], at: FS.at(days: 3))
        #expect(state == .unlimited && !state.isExhausted)
    }

    @Test func outsideEveryPeriodThereIsNoAllocation() {
        let periods = [Self.q1, Self.q3]  // a gap between them
        let usage = BudgetUsage()
        #expect(usage.state(of: Self.llm, periods: periods, at: FS.at(days: -1)) == .outsidePeriods(next: Self.q1))
        #expect(usage.state(of: Self.llm, periods: periods, at: FS.at(days: 100)) == .outsidePeriods(next: Self.q3))
        #expect(usage.state(of: Self.llm, periods: periods, at: FS.at(days: 270)) == .outsidePeriods(next: nil))
        #expect(usage.state(of: Self.llm, periods: periods, at: FS.at(days: 100)).isExhausted)
    }

    struct RolloverCase: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var rollover: [Bool]
        var used: [Double]  // in q1, q2
        var allocatedInQ3: Double
    }

    @Test(arguments: [
        RolloverCase(testDescription: "no rollover: each quarter starts afresh", rollover: [false, false], used: [200, 300],
                     allocatedInQ3: 1000),
        RolloverCase(testDescription: "rollover chains: q2 gets 800 more, q3 what q2 left (700)", rollover: [true, true], used: [200, 1100],
                     allocatedInQ3: 1700),
        RolloverCase(testDescription: "rollover only from periods that allow it", rollover: [true, false], used: [200, 300],
                     allocatedInQ3: 1000),
        RolloverCase(testDescription: "an overrun is not a debt", rollover: [true, true], used: [1500, 900],
                     allocatedInQ3: 1100),
    ])
    func rollover(_ c: RolloverCase) throws {
        var periods = [Self.q1, Self.q2, Self.q3]
        periods[0].rollover = c.rollover[0]
        periods[1].rollover = c.rollover[1]
        var usage = BudgetUsage()
        Self.spend(&usage, c.used[0], endingOn: 10, periods: periods)
        Self.spend(&usage, c.used[1], endingOn: 100, periods: periods)
        let status = try #require(usage.state(of: Self.llm, periods: periods.reversed(), at: FS.at(days: 200)).status)
        #expect(status.period == periods[2])
        #expect(approximately(status.allocated, c.allocatedInQ3), "allocated \(status.allocated)")
        #expect(approximately(status.carriedIn, c.allocatedInQ3 - 1000))
        #expect(status.used == 0 && approximately(status.remaining, c.allocatedInQ3))
    }

    @Test func aChargeAcrossAPeriodBoundaryIsSplitByOverlap() throws {
        var usage = BudgetUsage()
        let periods = [Self.q1, Self.q2]
        usage.record(FS.charge(6, from: FS.at(days: 90) + FS.hours(-1), to: FS.at(days: 90) + FS.hours(2)),
                     for: Self.llm, periods: periods)
        #expect(approximately(usage.totals(of: Self.llm, in: Self.q1).used, 2))
        #expect(approximately(usage.totals(of: Self.llm, in: Self.q2).used, 4))
    }

    @Test func scavengerUsageIsNotBudgetUsageButIsCountedByQoS() throws {
        var usage = BudgetUsage()
        Self.spend(&usage, 50, endingOn: 5, periods: [Self.q1], qos: .high)
        Self.spend(&usage, 30, endingOn: 6, periods: [Self.q1], qos: .scavenger, counts: false)
        let status = try #require(usage.state(of: Self.llm, periods: [Self.q1], at: FS.at(days: 7)).status)
        #expect(status.used == 50)
        #expect(status.usedByQoS == [.high: 50, .scavenger: 30])
    }

    @Test func burnRateAndProjectedExhaustion() throws {
        // 2 GPUs for 10 hours, charged every minute: 20 GPU-hours at 2 per hour; 80 left of 100 → 40 more hours.
        let period = BudgetPeriod(start: .zero, end: FS.at(days: 30), gpuHours: 100)
        var book = AccountingBook(policy: AccountingPolicy())
        let accounts = AccountRegistry(schemes: [FundingScheme(name: "aisp")],
                                       projects: [Project(name: "llm", scheme: "aisp", members: ["alice"], budgets: [period])])
        let job = FS.job(1, gpus: 2)
        for minute in 1...600 {
            _ = book.tick(running: [job], at: Instant(milliseconds: Int64(minute) * 60_000), accounts: accounts)
        }
        let now = FS.at(hours: 10)
        let status = try #require(book.budgetState(of: Self.llm, accounts: accounts, at: now).status)
        #expect(approximately(status.used, 20, 1e-9) && approximately(status.remaining, 80, 1e-9))
        #expect(approximately(status.burnRate, 2, 1e-9), "burn rate \(status.burnRate)")
        let exhaustion = try #require(status.projectedExhaustion)
        #expect(abs(exhaustion.milliseconds - FS.at(hours: 50).milliseconds) <= 1)
        // The scheme has no budget: unlimited, though its usage is tracked.
        #expect(book.budgetState(of: .scheme("aisp"), accounts: accounts, at: now) == .unlimited)
    }

    @Test func burnRateLooksBackOneWindow() {
        var usage = BudgetUsage(burnWindow: FS.hours(24))
        // 48 GPU-hours in the first day, then nothing for a day.
        for hour in 1...24 {
            usage.record(FS.charge(2, from: FS.at(hours: Double(hour - 1)), to: FS.at(hours: Double(hour))),
                         for: Self.llm, periods: [])
        }
        #expect(approximately(usage.burnRate(of: Self.llm, at: FS.at(hours: 24)), 2))
        #expect(approximately(usage.burnRate(of: Self.llm, at: FS.at(hours: 36)), 1))  // the window (12 h to 36 h) holds 24 GPU-h
        #expect(usage.burnRate(of: Self.llm, at: FS.at(hours: 49)) == 0)
    }

    @Test func noExhaustionProjectedBeyondThePeriodOrWithoutBurn() {
        #expect(BudgetUsage.exhaustion(remaining: 100, burnRate: 1, now: .zero, periodEnd: FS.at(hours: 50)) == nil)
        #expect(BudgetUsage.exhaustion(remaining: 100, burnRate: 0, now: .zero, periodEnd: FS.at(days: 9)) == nil)
        #expect(BudgetUsage.exhaustion(remaining: 0, burnRate: 0, now: FS.at(hours: 3), periodEnd: FS.at(days: 9))
                == FS.at(hours: 3))
        #expect(BudgetUsage.exhaustion(remaining: 10, burnRate: 4, now: .zero, periodEnd: FS.at(days: 9))
                == FS.at(hours: 2.5))
    }

    @Test func exhaustedWhenUsedReachesTheAllocation() throws {
        var usage = BudgetUsage()
        Self.spend(&usage, 1000, endingOn: 20, periods: [Self.q1])
        let state = usage.state(of: Self.llm, periods: [Self.q1], at: FS.at(days: 21))
        #expect(state.isExhausted)
        #expect(try #require(state.status).projectedExhaustion == FS.at(days: 21))
    }
}
