/// May a job start now, as far as its accounts are concerned? (docs/FAIRSHARE.md §7)
///
/// Checks run scheme first, then project (outermost first), and in the precedence of `PendingReason`:
/// 1. `BudgetExhausted`: the scheme's or project's budget is spent, or it has periods and none is active. Skipped
///    for a QoS whose charges do not count against budgets (scavenger): that is how work continues.
/// 2. `QuotaLimit`, for every QoS: the account has expired; the GPU model is not allowed; the job asks for more
///    GPUs than one job may have; its time limit exceeds its QoS's maximum; starting it would exceed the GPUs in use
///    or running jobs limit; and the QoS's own usage limit (for `high`: GPUs in use at `high` per project, GPU-hours
///    at `high` in the project's period).
///
/// The first that applies is reported, with a sentence naming the account, the limit and the numbers.
public struct QuotaCheck: Hashable, Sendable {
    public var accounts: AccountRegistry
    public var qos: QoSTable

    public init(accounts: AccountRegistry, qos: QoSTable = .standard) {
        self.accounts = accounts
        self.qos = qos
    }

    /// Why the job may not start now, or nil if its accounts allow it.
    public func pendingReason(_ job: QuotaRequest, snapshot: QuotaSnapshot, at now: Instant) -> QuotaVerdict? {
        let path = QuotaSnapshot.path(of: job.project, accounts: accounts)
        if qos[job.qos].countsAgainstBudget {
            for account in path {
                if let verdict = budgetVerdict(account, snapshot.budget(account), job: job, now: now) { return verdict }
            }
        }
        if let verdict = permanentVerdict(job, path: path, now: now) { return verdict }
        for account in path {
            let limits = accounts.limits(of: account)
            let held = snapshot.inUse(account)
            if let max = limits.maxGPUsInUse, job.gpus > 0, held.gpus + job.gpus > max {
                return QuotaVerdict(.quotaLimit, "\(account) is at its limit of \(max) GPUs in use "
                                    + "(\(held.gpus) in use, this job needs \(job.gpus))")
            }
            if let max = limits.maxRunningJobs, held.runningJobs + 1 > max {
                return QuotaVerdict(.quotaLimit, "\(account) is at its limit of \(max) running jobs")
            }
        }
        return qosUsageVerdict(job, snapshot: snapshot)
    }

    /// Why a job can never run as submitted under the current accounts and QoS policy, or nil. The submit path
    /// SHOULD refuse such a job with this `Rejection` rather than queue it forever; jobs already queued when a
    /// limit changes are reported by `pendingReason` as `QuotaLimit`.
    public func admissionProblem(_ job: QuotaRequest, at now: Instant) -> Rejection? {
        let path = QuotaSnapshot.path(of: job.project, accounts: accounts)
        guard let verdict = permanentVerdict(job, path: path, now: now) else { return nil }
        return Rejection(verdict.isExpiry ? .permissionDenied : .invalidRequest, verdict.message, hint: verdict.hint)
    }

    /// For a running job at an accounting tick: must it stop charging its budget? Non-nil when its QoS counts
    /// against budgets and its scheme's or project's budget is spent. The engine then stops it or moves it to a QoS
    /// that does not count (docs/FAIRSHARE.md §6), so a long job cannot overrun a budget.
    public func budgetVerdict(forRunning job: QuotaRequest, snapshot: QuotaSnapshot, at now: Instant) -> QuotaVerdict? {
        guard qos[job.qos].countsAgainstBudget else { return nil }
        for account in QuotaSnapshot.path(of: job.project, accounts: accounts) {
            if let verdict = budgetVerdict(account, snapshot.budget(account), job: job, now: now) { return verdict }
        }
        return nil
    }

    // MARK: - The checks

    private func budgetVerdict(_ account: AccountRef, _ state: BudgetState, job: QuotaRequest,
                               now: Instant) -> QuotaVerdict? {
        let hint = "submit with --qos scavenger to run on idle capacity, or ask a centre admin about the budget"
        switch state {
        case .unlimited:
            return nil
        case .outsidePeriods(let next):
            let when = next.map { "the next starts in \(AccountingText.span($0.start - now))" } ?? "none is scheduled"
            return QuotaVerdict(.budgetExhausted, "\(account) has no budget period now (\(when))", hint: hint)
        case .active(let status):
            guard status.isExhausted else { return nil }
            return QuotaVerdict(.budgetExhausted,
                                "\(account) has used \(AccountingText.gpuHours(status.used)) of its "
                                + "\(AccountingText.gpuHours(status.allocated)) GPU-hours for this period "
                                + "(a new period starts in \(AccountingText.span(status.period.end - now)))",
                                hint: hint)
        }
    }

    /// The checks no amount of waiting fixes (short of an admin changing a limit).
    private func permanentVerdict(_ job: QuotaRequest, path: [AccountRef], now: Instant) -> QuotaVerdict? {
        for account in path {
            if let expiry = accounts.expiry(of: account), expiry <= now {
                return QuotaVerdict(.quotaLimit, "\(account) expired \(AccountingText.span(now - expiry)) ago",
                                    hint: "ask a centre admin to renew it, or submit to another of your projects",
                                    isExpiry: true)
            }
            let limits = accounts.limits(of: account)
            if !limits.permits(gpuModel: job.gpuModel), let model = job.gpuModel {
                return QuotaVerdict(.quotaLimit, "\(account) may not use GPU model \(model)",
                                    hint: "allowed: \(limits.allowedGPUModels.joined(separator: ", "))")
            }
            if let max = limits.maxGPUsPerJob, job.gpus > max {
                return QuotaVerdict(.quotaLimit, "\(account) allows at most \(max) GPUs per job; this job asks for \(job.gpus)",
                                    hint: "ask for fewer GPUs")
            }
            if let max = limits.maxGPUsInUse, job.gpus > max {
                return QuotaVerdict(.quotaLimit, "\(account) may hold at most \(max) GPUs at once; this job asks for \(job.gpus)",
                                    hint: "ask for fewer GPUs")
            }
        }
        let policy = qos[job.qos]
        if let max = policy.maxWalltime, let limit = job.timeLimit, limit > max {
            return QuotaVerdict(.quotaLimit, "QoS \(job.qos.rawValue) allows a time limit of at most "
                                + "\(AccountingText.span(max)); this job asks for \(AccountingText.span(limit))",
                                hint: "ask for less time, or use --qos normal")
        }
        if let max = policy.usageLimit?.maxGPUsInUsePerProject, job.gpus > max {
            return QuotaVerdict(.quotaLimit, "QoS \(job.qos.rawValue) allows at most \(max) GPUs per project; "
                                + "this job asks for \(job.gpus)", hint: "ask for fewer GPUs, or use --qos normal")
        }
        return nil
    }

    private func qosUsageVerdict(_ job: QuotaRequest, snapshot: QuotaSnapshot) -> QuotaVerdict? {
        guard let limit = qos[job.qos].usageLimit else { return nil }
        let project = AccountRef.project(job.project)
        let name = job.qos.rawValue
        if let max = limit.maxGPUsInUsePerProject, job.gpus > 0 {
            let held = snapshot.inUse(project).gpusByQoS[job.qos] ?? 0
            if held + job.gpus > max {
                return QuotaVerdict(.quotaLimit, "\(project) is at its limit of \(max) GPUs in use at QoS \(name) "
                                    + "(\(held) in use, this job needs \(job.gpus))",
                                    hint: "wait, or use --qos normal")
            }
        }
        if let max = limit.maxGPUHoursPerPeriod, let status = snapshot.budget(project).status {
            let used = status.usedByQoS[job.qos] ?? 0
            if used >= max {
                return QuotaVerdict(.quotaLimit, "\(project) has used \(AccountingText.gpuHours(used)) of its "
                                    + "\(AccountingText.gpuHours(max)) GPU-hours at QoS \(name) for this period",
                                    hint: "use --qos normal")
            }
        }
        return nil
    }
}

/// Why a job's accounts hold it back: the pending reason researchers see, and the sentence that explains it.
public struct QuotaVerdict: Hashable, Sendable {
    /// `.budgetExhausted` or `.quotaLimit`.
    public var reason: PendingReason
    public var message: String
    /// What the researcher can do about it.
    public var hint: String
    /// The account has expired (a submission is then refused with permission denied rather than invalid request).
    var isExpiry: Bool

    init(_ reason: PendingReason, _ message: String, hint: String = "", isExpiry: Bool = false) {
        self.reason = reason
        self.message = message
        self.hint = hint
        self.isExpiry = isExpiry
    }
}
