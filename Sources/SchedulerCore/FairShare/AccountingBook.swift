/// The accounting state the engine keeps: the charge meter, decayed usage for fair share, and budget totals. One
/// value, fed by one call per accounting tick, and rebuilt after a restart by replaying the usage ledger.
///
/// Contract for the engine (docs/FAIRSHARE.md §9):
/// - At each tick (`nextTick(after:)`) it MUST call `tick(running:at:accounts:)` and commit the returned rows with
///   the cycle's transitions, before acting on anything the new totals decide. A row is keyed by job and `from`: a
///   row returned again with a later `to` replaces the stored one (`LedgerRows`: one row per job per period).
/// - When a job ends it MUST call `jobEnded(_:at:accounts:)` and commit the row it returns.
/// - Each cycle it reads `fairShare(accounts:at:)` for priorities and `quotaSnapshot(accounts:running:at:)` for quota
///   checks.
/// - After a restart it builds a book with the same policy and calls `replay(_:accounts:)` with the ledger rows (in
///   any order), then `resumeCharging(openRows:)` with each running job's last row.
public struct AccountingBook: Hashable, Sendable, Codable {
    public private(set) var policy: AccountingPolicy
    public private(set) var usage: DecayedUsage
    public private(set) var budgets: BudgetUsage
    public private(set) var meter: ChargeMeter
    /// Each running job's current ledger row, which its next charges extend while they end in the same period.
    public private(set) var openRows: [JobID: UsageCharge]

    public init(policy: AccountingPolicy) {
        self.policy = policy
        self.usage = DecayedUsage(halfLife: policy.usageHalfLife)
        self.budgets = BudgetUsage(burnWindow: policy.burnRateWindow)
        self.meter = ChargeMeter()
        self.openRows = [:]
    }

    /// An admin changed a QoS level: later charges use the new multipliers; rows already charged keep theirs.
    public mutating func setQoS(_ table: QoSTable) {
        policy.qos = table
    }

    /// When the engine must next call `tick` (its `wakeAt` candidate).
    public func nextTick(after now: Instant) -> Instant {
        ChargeMeter.nextTick(after: now, interval: policy.accountingInterval)
    }

    /// Charges every running job up to `now` and records the charges. Returns the ledger rows to commit: each job's
    /// row with this charge folded in (or a new row, at a new period or price).
    public mutating func tick(running: [ChargeableJob], at now: Instant, accounts: AccountRegistry) -> [UsageCharge] {
        let charges = meter.tick(running: running, at: now, charger: policy.charger)
        for charge in charges { record(charge, accounts: accounts) }
        usage.advance(to: now)
        return charges.map { fold($0) }
    }

    /// The final ledger row of a job that ended at `end` (nil if it was charged up to `end` already): its row with
    /// the last charge folded in. The job's row is closed.
    public mutating func jobEnded(_ job: ChargeableJob, at end: Instant, accounts: AccountRegistry) -> UsageCharge? {
        defer { openRows[job.id] = nil }
        guard let charge = meter.jobEnded(job, at: end, charger: policy.charger) else { return nil }
        record(charge, accounts: accounts)
        return fold(charge)
    }

    /// Rebuilds usage and budget totals from ledger rows (meter untouched: see `resumeCharging`).
    public mutating func replay(_ charges: [UsageCharge], accounts: AccountRegistry) {
        for charge in charges { record(charge, accounts: accounts) }
    }

    /// After a restart: each running job's last ledger row, where its charging resumes and which its next charges
    /// extend.
    public mutating func resumeCharging(openRows rows: [UsageCharge]) {
        openRows = Dictionary(rows.map { ($0.job, $0) }) { $0.to >= $1.to ? $0 : $1 }
        meter = ChargeMeter(chargedUntil: openRows.mapValues(\.to))
    }

    /// The job's ledger row with `charge` folded in, or `charge` as a new row; it becomes the job's open row.
    private mutating func fold(_ charge: UsageCharge) -> UsageCharge {
        let row: UsageCharge
        if let open = openRows[charge.job], LedgerRows.canFold(charge, into: open, period: LedgerRows.period(of: policy)) {
            row = LedgerRows.fold(charge, into: open, halfLife: policy.usageHalfLife)
        } else {
            row = charge
        }
        openRows[charge.job] = row
        return row
    }

    /// After an admin changed `account`'s budget periods (including giving it its first): recompute its totals from
    /// its ledger rows (all rows of the account's projects since the earliest period start that changed, and at
    /// least one burn-rate window back).
    public mutating func rebuildBudget(of account: AccountRef, from charges: [UsageCharge], accounts: AccountRegistry) {
        budgets.reset(account)
        let periods = accounts.budgets(of: account)
        for charge in charges where accounts.accountPath(ofProject: charge.project).contains(account) {
            budgets.record(charge, for: account, periods: periods)
        }
    }

    /// Fair Tree factors per (project, user) at `now`.
    public func fairShare(accounts: AccountRegistry, at now: Instant) -> FairShareFactors {
        FairShareTree(accounts: accounts, usage: usage.usage(at: now)).compute()
    }

    /// The quota snapshot for a cycle at `now`, given every running job.
    public func quotaSnapshot(accounts: AccountRegistry, running: [QuotaRequest], at now: Instant) -> QuotaSnapshot {
        QuotaSnapshot(accounts: accounts, running: running, usage: budgets, at: now)
    }

    /// The budget state of one account (for `aisubmit` and admin views).
    public func budgetState(of account: AccountRef, accounts: AccountRegistry, at now: Instant) -> BudgetState {
        budgets.state(of: account, periods: accounts.budgets(of: account), at: now)
    }

    private mutating func record(_ charge: UsageCharge, accounts: AccountRegistry) {
        usage.record(charge)
        // This runs for every running job at every tick: look the accounts up directly rather than through
        // `accountPath`. Accounts without periods have no budget to track (giving one periods means a rebuild).
        guard let project = accounts.projects[charge.project] else { return }
        if let scheme = accounts.schemes[project.scheme], !scheme.budgets.isEmpty {
            budgets.record(charge, for: .scheme(scheme.name), periods: scheme.budgets)
        }
        if !project.budgets.isEmpty {
            budgets.record(charge, for: .project(project.name), periods: project.budgets)
        }
    }
}
