import Testing
@testable import SchedulerCore

@Suite("Quota checks: budgets, limits, QoS, pending reasons")
struct QuotaCheckTests {
    static let quarter = BudgetPeriod(start: .zero, end: FS.at(days: 90), gpuHours: 1000)

    /// Scheme aisp (64 GPUs, 2000 GPU-h a quarter) funds llm (16 GPUs, 4 jobs, 8 per job, H100 only,
    /// 1000 GPU-h a quarter) and open (no limits, no budget).
    static func accounts(projectExpires: Instant? = nil, schemeBudget: Double = 2000) -> AccountRegistry {
        AccountRegistry(
            schemes: [FundingScheme(name: "aisp", shares: 1,
                                    budgets: [BudgetPeriod(start: .zero, end: FS.at(days: 90), gpuHours: schemeBudget)],
                                    limits: AccountLimits(maxGPUsInUse: 64))],
            projects: [Project(name: "llm", scheme: "aisp", members: ["alice"], budgets: [quarter],
                               limits: AccountLimits(maxGPUsInUse: 16, maxRunningJobs: 4, maxGPUsPerJob: 8,
                                                     allowedGPUModels: ["h100"]),
                               expires: projectExpires),
                       Project(name: "open", scheme: "aisp", members: ["bob"])],
            users: [UserAccount(name: "alice", defaultProject: "llm")])
    }

    static let now = FS.at(days: 30)

    struct Case: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var job: QuotaRequest
        var running: [QuotaRequest] = []
        /// Budget-counted GPU-hours already used by llm (and so by aisp) this quarter.
        var spent: Double = 0
        var projectExpires: Instant?
        var schemeBudget: Double = 2000
        var qos: QoSTable = .standard
        var reason: PendingReason?
        var mentions: String = ""
    }

    static let highCapped: QoSTable = {
        var table = QoSTable.standard
        table.high.usageLimit = QoSUsageLimit(maxGPUsInUsePerProject: 16, maxGPUHoursPerPeriod: 100)
        return table
    }()

    @Test(arguments: [
        Case(testDescription: "within every limit", job: QuotaRequest(project: "llm", gpus: 8, gpuModel: "NVIDIA H100 80GB HBM3")),
        Case(testDescription: "any model is fine here (placement restricts it)", job: QuotaRequest(project: "llm", gpus: 8)),
        Case(testDescription: "model not allowed", job: QuotaRequest(project: "llm", gpus: 1, gpuModel: "A100"),
             reason: .quotaLimit, mentions: "may not use GPU model A100"),
        Case(testDescription: "too many GPUs for one job", job: QuotaRequest(project: "llm", gpus: 12),
             reason: .quotaLimit, mentions: "at most 8 GPUs per job"),
        Case(testDescription: "would exceed GPUs in use",
             job: QuotaRequest(project: "llm", gpus: 8),
             running: [QuotaRequest(project: "llm", gpus: 8), QuotaRequest(project: "llm", gpus: 4)],
             reason: .quotaLimit, mentions: "limit of 16 GPUs in use (12 in use, this job needs 8)"),
        Case(testDescription: "a CPU-only job is not held by a GPU limit",
             job: QuotaRequest(project: "llm", gpus: 0), running: [QuotaRequest(project: "llm", gpus: 16)]),
        Case(testDescription: "would exceed running jobs", job: QuotaRequest(project: "llm", gpus: 0),
             running: Array(repeating: QuotaRequest(project: "llm", gpus: 1), count: 4),
             reason: .quotaLimit, mentions: "limit of 4 running jobs"),
        Case(testDescription: "the scheme's limit covers all its projects", job: QuotaRequest(project: "open", gpus: 8),
             running: Array(repeating: QuotaRequest(project: "open", gpus: 8), count: 7)
                 + [QuotaRequest(project: "llm", gpus: 8)],
             reason: .quotaLimit, mentions: "scheme aisp is at its limit of 64 GPUs"),
        Case(testDescription: "budget spent: normal waits", job: QuotaRequest(project: "llm", gpus: 1), spent: 1000,
             reason: .budgetExhausted, mentions: "project llm has used 1000.0 of its 1000.0 GPU-hours"),
        Case(testDescription: "budget spent: high waits too", job: QuotaRequest(project: "llm", qos: .high, gpus: 1),
             spent: 1000.5, reason: .budgetExhausted),
        Case(testDescription: "budget spent: scavenger runs", job: QuotaRequest(project: "llm", qos: .scavenger, gpus: 8),
             spent: 1000),
        Case(testDescription: "budget spent: scavenger still obeys allowed models",
             job: QuotaRequest(project: "llm", qos: .scavenger, gpus: 1, gpuModel: "a100"), spent: 1000,
             reason: .quotaLimit, mentions: "GPU model a100"),
        Case(testDescription: "budget spent: scavenger still obeys GPUs in use",
             job: QuotaRequest(project: "llm", qos: .scavenger, gpus: 8), running: [QuotaRequest(project: "llm", gpus: 10)],
             spent: 1000, reason: .quotaLimit),
        Case(testDescription: "the scheme's budget spent stops its projects",
             job: QuotaRequest(project: "open", gpus: 1), spent: 500, schemeBudget: 500,
             reason: .budgetExhausted, mentions: "scheme aisp has used 500.0 of its 500.0"),
        Case(testDescription: "budget reasons come before limit reasons",
             job: QuotaRequest(project: "llm", gpus: 12), spent: 1000, reason: .budgetExhausted),
        Case(testDescription: "an expired project starts nothing, scavenger included",
             job: QuotaRequest(project: "llm", qos: .scavenger, gpus: 1), projectExpires: FS.at(days: 28),
             reason: .quotaLimit, mentions: "project llm expired 2d ago"),
        Case(testDescription: "high: its own GPUs-in-use cap per project",
             job: QuotaRequest(project: "open", qos: .high, gpus: 8),
             running: [QuotaRequest(project: "open", qos: .high, gpus: 12), QuotaRequest(project: "open", gpus: 20)],
             reason: .quotaLimit, mentions: "limit of 16 GPUs in use at QoS high (12 in use, this job needs 8)"),
        Case(testDescription: "high: normal jobs do not use up the high cap",
             job: QuotaRequest(project: "open", qos: .high, gpus: 8), running: [QuotaRequest(project: "open", gpus: 40)]),
        Case(testDescription: "high: its GPU-hours per period cap",
             job: QuotaRequest(project: "llm", qos: .high, gpus: 1), spent: 100, qos: highCapped,
             reason: .quotaLimit, mentions: "100.0 of its 100.0 GPU-hours at QoS high"),
        Case(testDescription: "high: time limit over its maximum",
             job: QuotaRequest(project: "open", qos: .high, gpus: 1, timeLimit: FS.hours(48)),
             reason: .quotaLimit, mentions: "at most 1d; this job asks for 2d"),
    ])
    func pendingReason(_ c: Case) {
        let accounts = Self.accounts(projectExpires: c.projectExpires, schemeBudget: c.schemeBudget)
        var book = AccountingBook(policy: AccountingPolicy(qos: c.qos))
        if c.spent > 0 {
            // Charged as the QoS of the job under test would be, a day before.
            let qos: QoS = c.job.qos == .scavenger ? .normal : c.job.qos
            book.replay([FS.charge(c.spent, project: "llm", qos: qos, from: FS.at(days: 28), to: FS.at(days: 29))],
                        accounts: accounts)
        }
        let snapshot = book.quotaSnapshot(accounts: accounts, running: c.running, at: Self.now)
        let verdict = QuotaCheck(accounts: accounts, qos: c.qos).pendingReason(c.job, snapshot: snapshot, at: Self.now)
        #expect(verdict?.reason == c.reason, "\(verdict?.message ?? "no verdict")")
        if !c.mentions.isEmpty {
            #expect(verdict?.message.contains(c.mentions) == true, "\(verdict?.message ?? "no verdict")")
        }
    }

    @Test func aCycleSeesTheJobsItStarted() {
        let accounts = Self.accounts()
        let check = QuotaCheck(accounts: accounts)
        var snapshot = AccountingBook(policy: AccountingPolicy()).quotaSnapshot(accounts: accounts, running: [], at: Self.now)
        let job = QuotaRequest(project: "llm", gpus: 8)
        #expect(check.pendingReason(job, snapshot: snapshot, at: Self.now) == nil)
        snapshot.admit(job, accounts: accounts)
        #expect(check.pendingReason(job, snapshot: snapshot, at: Self.now) == nil)
        snapshot.admit(job, accounts: accounts)
        #expect(check.pendingReason(job, snapshot: snapshot, at: Self.now)?.reason == .quotaLimit)
        #expect(snapshot.inUse(.project("llm")) == AccountInUse(gpus: 16, runningJobs: 2, gpusByQoS: [.normal: 16]))
        #expect(snapshot.inUse(.scheme("aisp")).gpus == 16)
    }

    @Test func outsideItsPeriodsAProjectWaitsForTheNext() {
        var accounts = Self.accounts()
        accounts.projects["llm"]?.budgets = [BudgetPeriod(start: FS.at(days: 40), end: FS.at(days: 50), gpuHours: 10)]
        let snapshot = AccountingBook(policy: AccountingPolicy()).quotaSnapshot(accounts: accounts, running: [], at: Self.now)
        let verdict = QuotaCheck(accounts: accounts).pendingReason(QuotaRequest(project: "llm", gpus: 1), snapshot: snapshot,
                                                                   at: Self.now)
        #expect(verdict?.reason == .budgetExhausted)
        #expect(verdict?.message == "project llm has no budget period now (the next starts in 10d)")
        #expect(verdict?.hint.contains("--qos scavenger") == true)
    }

    @Test func runningJobsMustStopChargingASpentBudget() {
        let accounts = Self.accounts()
        var book = AccountingBook(policy: AccountingPolicy())
        book.replay([FS.charge(1000, from: FS.at(days: 28), to: FS.at(days: 29))], accounts: accounts)
        let snapshot = book.quotaSnapshot(accounts: accounts, running: [], at: Self.now)
        let check = QuotaCheck(accounts: accounts)
        #expect(check.budgetVerdict(forRunning: QuotaRequest(project: "llm", gpus: 8), snapshot: snapshot, at: Self.now)?
            .reason == .budgetExhausted)
        #expect(check.budgetVerdict(forRunning: QuotaRequest(project: "llm", qos: .scavenger, gpus: 8), snapshot: snapshot,
                                    at: Self.now) == nil)
        #expect(check.budgetVerdict(forRunning: QuotaRequest(project: "open", gpus: 8), snapshot: snapshot, at: Self.now) == nil)
    }

    @Test func admissionRefusesWhatCanNeverRun() {
        let check = QuotaCheck(accounts: Self.accounts(projectExpires: FS.at(days: 10)))
        #expect(check.admissionProblem(QuotaRequest(project: "open", gpus: 8), at: Self.now) == nil)
        #expect(check.admissionProblem(QuotaRequest(project: "llm", gpus: 1), at: Self.now)?.code == .permissionDenied)
        #expect(check.admissionProblem(QuotaRequest(project: "open", gpus: 65), at: Self.now)?.code == .invalidRequest)
        #expect(check.admissionProblem(QuotaRequest(project: "open", qos: .high, gpus: 17), at: Self.now)?.message
                == "QoS high allows at most 16 GPUs per project; this job asks for 17")
        let live = QuotaCheck(accounts: Self.accounts())
        #expect(live.admissionProblem(QuotaRequest(project: "llm", gpus: 2, gpuModel: "a100"), at: Self.now)?.hint
                == "allowed: h100")
    }

    @Test func withoutAccountsOnlyQoSLimitsApply() {
        let accounts = AccountRegistry()
        let snapshot = QuotaSnapshot(accounts: accounts, running: [QuotaRequest(project: "default", qos: .high, gpus: 16)],
                                     usage: BudgetUsage(), at: Self.now)
        let check = QuotaCheck(accounts: accounts)
        #expect(check.pendingReason(QuotaRequest(project: "default", gpus: 512), snapshot: snapshot, at: Self.now) == nil)
        #expect(check.pendingReason(QuotaRequest(project: "default", qos: .high, gpus: 1), snapshot: snapshot,
                                    at: Self.now)?.reason == .quotaLimit)
    }
}
