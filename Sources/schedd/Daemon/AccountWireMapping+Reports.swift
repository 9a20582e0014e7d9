import SchedulerCore
import SchedulerProtocol

/// `queryUsage`, `fundingReport` and `jobPriority`: from the core's numbers to the answers.
extension AccountWireMapping {
    // MARK: Usage

    /// One project's line of `aisubmit usage`. `budget` is the project's own budget state
    /// (`AccountingBook.budgetState(of: .project(name), …)`); `fairShare` the asking user's factor in the project
    /// (nil, when they are not a leaf of the tree, counts as 1, as in the engine); `status` from ``usageStatus``.
    static func usageInfo(project: Project, budget: BudgetState, fairShare: Double?, inUse: AccountInUse,
                          status: String) -> ProjectUsageInfo {
        var info = ProjectUsageInfo()
        info.project = project.name
        info.scheme = project.scheme
        if let b = WireBudget(budget) {
            info.hasBudget = true
            (info.periodStartMs, info.periodEndMs, info.exhaustionMs) = (b.start, b.end, b.exhaustion)
            (info.budgetMilliGPUHours, info.usedMilliGPUHours) = (b.allocated, b.used)
            (info.remainingMilliGPUHours, info.burnMilliGPUHoursPerDay) = (b.remaining, b.burnPerDay)
        }
        info.fairShareMillionths = millionths(fairShare ?? 1)
        info.runningJobs = UInt32(clamping: inUse.runningJobs)
        info.gpusInUse = UInt32(clamping: inUse.gpus)
        info.status = status
        return info
    }

    /// A scheme's own line of `usage?scheme=`: its budget (the same fields as a project's) and all its projects' use.
    static func schemeUsageInfo(_ usage: SchemeUsage) -> SchemeUsageInfo {
        var info = SchemeUsageInfo()
        info.scheme = usage.scheme.name
        if let b = WireBudget(usage.budget) {
            info.hasBudget_p = true
            (info.periodStartMs, info.periodEndMs, info.exhaustionMs) = (b.start, b.end, b.exhaustion)
            (info.budgetMilliGpuHours, info.usedMilliGpuHours) = (b.allocated, b.used)
            (info.remainingMilliGpuHours, info.burnMilliGpuHoursPerDay) = (b.remaining, b.burnPerDay)
        }
        info.runningJobs = UInt32(clamping: usage.inUse.runningJobs)
        info.gpusInUse = UInt32(clamping: usage.inUse.gpus)
        return info
    }

    /// An active budget in the wire's units, for a project's line and a scheme's alike: times in ms, GPU-hours in
    /// thousandths, the burn rate per day; nil when no period is active.
    struct WireBudget {
        var start, end, exhaustion: Int64
        var allocated, used, burnPerDay: UInt64
        var remaining: Int64

        init?(_ state: BudgetState) {
            guard case .active(let b) = state else { return nil }
            (start, end) = (b.period.start.milliseconds, b.period.end.milliseconds)
            exhaustion = b.projectedExhaustion?.milliseconds ?? 0
            (allocated, used, burnPerDay) = (milli(b.allocated), milli(b.used), milli(b.burnRate * 24))
            remaining = signedMilli(b.remaining)
        }
    }

    /// The status word of a usage line: "expired" if the project or its scheme has expired, else what the quota
    /// check says about a job of the project now (`QuotaCheck.pendingReason` for a small normal job, which looks at
    /// the scheme's budget and limits as well as the project's): "BudgetExhausted", "QuotaLimit: <why>", or "ok".
    static func usageStatus(expired: Bool, verdict: QuotaVerdict?) -> String {
        if expired { return "expired" }
        guard let verdict else { return "ok" }
        switch verdict.reason {
        case .budgetExhausted: return PendingReason.budgetExhausted.rawValue
        case .quotaLimit: return "\(PendingReason.quotaLimit.rawValue): \(verdict.message)"
        default: return "\(verdict.reason.rawValue): \(verdict.message)"
        }
    }

    // MARK: Funding report

    /// GPU-hours per project, user and period of `request.scheme` within [fromMs, toMs), from the usage ledger rows
    /// (`charges`: any superset of those that overlap the window, in any order). Periods are the project's budget
    /// periods, else the scheme's, cut to the window; stretches no period covers are periods of their own, so every
    /// charged GPU-hour in the window is in exactly one row. A charge is split by overlap, as budgets split it.
    static func fundingReport(_ request: FundingReportRequest, charges: [UsageCharge],
                              accounts: AccountRegistry) -> Result<FundingReportRows, ErrorReply> {
        guard let scheme = accounts.schemes[request.scheme] else {
            let known = accounts.schemes.keys.sorted().joined(separator: ", ")
            return .failure(ErrorReply(code: .notFound, message: "unknown funding scheme \"\(request.scheme)\"",
                                       hint: known.isEmpty ? "" : "schemes: \(known)"))
        }
        guard request.toMs > request.fromMs else {
            return .failure(invalid("the report must end after it starts (from \(request.fromMs) ms, to \(request.toMs) ms)"))
        }
        let window = request.fromMs..<request.toMs
        var segments: [String: [Range<Int64>]] = [:]
        for project in accounts.projects.values where project.scheme == scheme.name {
            segments[project.name] = reportPeriods(project.budgets.isEmpty ? scheme.budgets : project.budgets,
                                                   window: window)
        }
        struct Key: Hashable { var project, user: String; var start: Int64 }
        var hours: [Key: Double] = [:]
        var jobs: [Key: Set<JobID>] = [:]
        var ends: [Key: Int64] = [:]
        for charge in charges {
            guard let periods = segments[charge.project] else { continue }
            let (from, to) = (charge.from.milliseconds, charge.to.milliseconds)
            guard to > from else { continue }
            for period in periods {
                let overlap = min(period.upperBound, to) - max(period.lowerBound, from)
                guard overlap > 0 else { continue }
                let key = Key(project: charge.project, user: charge.user, start: period.lowerBound)
                hours[key, default: 0] += charge.gpuHours * Double(overlap) / Double(to - from)
                jobs[key, default: []].insert(charge.job)
                ends[key] = period.upperBound
            }
        }
        let rows = hours.keys.sorted { ($0.project, $0.user, $0.start) < ($1.project, $1.user, $1.start) }.map { key in
            var row = FundingReportRow()
            row.scheme = scheme.name
            row.project = key.project
            row.user = key.user
            row.periodStartMs = key.start
            row.periodEndMs = ends[key] ?? key.start
            row.milliGPUHours = milli(hours[key] ?? 0)
            row.jobs = UInt32(clamping: jobs[key]?.count ?? 0)
            return row
        }
        return .success(FundingReportRows(rows: rows))
    }

    /// `periods` cut to `window`, with the gaps between them (and before and after them) as periods of their own:
    /// consecutive ranges that cover the window exactly. Periods are validated not to overlap.
    static func reportPeriods(_ periods: [BudgetPeriod], window: Range<Int64>) -> [Range<Int64>] {
        var result: [Range<Int64>] = []
        var cursor = window.lowerBound
        for p in periods.sorted(by: { $0.start < $1.start }) {
            let start = max(p.start.milliseconds, window.lowerBound)
            let end = min(p.end.milliseconds, window.upperBound)
            guard start < end, end > cursor else { continue }
            if start > cursor { result.append(cursor..<start) }
            result.append(max(start, cursor)..<end)
            cursor = end
        }
        if cursor < window.upperBound { result.append(cursor..<window.upperBound) }
        return result
    }

    // MARK: Series and the tree

    static func usageSeries(_ steps: UsageSteps) -> UsageSeries {
        var series = UsageSeries()
        (series.fromMs, series.toMs, series.stepMs) = (steps.from.milliseconds, steps.to.milliseconds,
                                                       steps.step.milliseconds)
        series.lines = steps.projects.keys.sorted().map { project in
            var line = UsageSeriesLine()
            line.project = project
            line.milliGpuHours = steps.projects[project, default: []].map(milli)
            return line
        }
        return series
    }

    static func fairShareLevel(_ level: FairShareLevel) -> FairShareLevelInfo {
        var info = FairShareLevelInfo()
        info.path = level.path
        info.isUser = level.isUser
        info.sharesNormMillionths = millionths(level.sharesNorm)
        info.usageNormMillionths = millionths(level.usageNorm)
        info.usageMilliGpuHours = milli(level.usage)
        info.usedNothing = level.levelFairShare.isInfinite
        info.levelFairShareMillionths = info.usedNothing ? 0 : clampedUInt64((level.levelFairShare * 1_000_000).rounded())
        info.factorMillionths = level.factor.map(millionths) ?? 0
        return info
    }

    static func queueSample(_ sample: QueueSample) -> QueueSampleInfo {
        var info = QueueSampleInfo()
        info.atMs = sample.at.milliseconds
        (info.pending, info.held, info.running) = (UInt32(clamping: sample.pending), UInt32(clamping: sample.held),
                                                   UInt32(clamping: sample.running))
        (info.gpusWanted, info.gpusInUse) = (UInt32(clamping: sample.gpusWanted), UInt32(clamping: sample.gpusInUse))
        (info.medianWaitMs, info.maxWaitMs) = (sample.medianWait.milliseconds, sample.maxWait.milliseconds)
        return info
    }

    // MARK: Priority

    /// `aisubmit priority JOB`: the terms of `breakdown` (from `model.breakdown(input, at: now)`) with an explanation
    /// each, the total, and the job's 1-based `position` among the `pendingJobs` that are not held (0 if it is held).
    static func priorityInfo(_ breakdown: PriorityBreakdown, input: PriorityInput, model: MultifactorPriority,
                             project: String, user: String, at now: Instant, position: Int,
                             pendingJobs: Int) -> PriorityBreakdownInfo {
        let waited = Span(milliseconds: max(0, (now - input.eligibleSince).milliseconds))
        let explanations: [String: String] = [
            "fairshare": "Fair Tree factor of \(user) in project \(project) (1 = least served so far)",
            "age": "waited \(duration(waited)) of the \(duration(model.maxAge)) that earn the full factor",
            "size": input.gpus > 0 ? "\(input.gpus) of the cluster's \(model.clusterGPUs) GPUs"
                : "\(input.cpus) of the cluster's \(model.clusterCPUs) CPUs (no GPUs)",
            "qos": "QoS \(input.qos.rawValue)",
        ]
        var info = PriorityBreakdownInfo()
        info.jobID = breakdown.job.rawValue
        info.terms = breakdown.terms.map { term in
            var t = PriorityTermInfo()
            t.name = term.name
            t.factorMillionths = millionths(term.factor)
            t.weight = UInt32(clamping: clampedUInt64(term.weight.rounded()))
            t.weightedMillionths = clampedUInt64((term.value * 1_000_000).rounded())
            t.explanation = explanations[term.name] ?? ""
            return t
        }
        info.totalMillionths = clampedUInt64((breakdown.total * 1_000_000).rounded())
        info.position = UInt32(clamping: max(0, position))
        info.pendingJobs = UInt32(clamping: max(0, pendingJobs))
        return info
    }

    /// "3d 4h", "2h 5m", "45s": the two largest units, for explanations.
    static func duration(_ span: Span) -> String {
        let seconds = max(0, span.milliseconds / 1000)
        let (d, h, m, s) = (seconds / 86_400, seconds % 86_400 / 3_600, seconds % 3_600 / 60, seconds % 60)
        if d > 0 { return h > 0 ? "\(d)d \(h)h" : "\(d)d" }
        if h > 0 { return m > 0 ? "\(h)h \(m)m" : "\(h)h" }
        if m > 0 { return s > 0 ? "\(m)m \(s)s" : "\(m)m" }
        return "\(s)s"
    }
}
