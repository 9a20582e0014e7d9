import SchedulerProtocol

/// Samples of the account, QoS, audit, usage, funding-report and priority messages (kinds 80–93), each with every
/// field set, for the round-trip and fuzz tables.
extension Samples {
    static let budget = BudgetPeriodInfo(startMs: 1_767_225_600_000, endMs: 1_775_001_600_000,
                                         milliGPUHours: 50_000_000, rollover: true)

    static let limits: LimitsInfo = {
        var l = LimitsInfo()
        l.maxGPUsInUsePlusOne = 65
        l.maxRunningJobsPlusOne = 1  // a limit of 0: suspended
        l.maxGPUsPerJobPlusOne = UInt32.max
        l.allowedGPUModels = ["H100", "", "a100"]
        return l
    }()

    static let scheme: SchemeInfo = {
        var s = SchemeInfo()
        s.name = "aisp"
        s.displayName = "Artificial Intelligence Subsidy Scheme (HK$3B)"
        s.shares = 50
        s.budgets = [budget, BudgetPeriodInfo()]  // an all-default element must survive
        s.limits = limits
        s.expiresMs = 1_798_761_600_000
        return s
    }()

    static let project: ProjectInfo = {
        var p = ProjectInfo()
        p.name = "cantonese-llm"
        p.scheme = "aisp"
        p.displayName = "Cantonese large language model pre-training"
        p.shares = 40
        p.members = ["wong.kaming", "chan.siuming"]
        p.memberShares = [MemberShareInfo(user: "wong.kaming", shares: 3), MemberShareInfo()]
        p.budgets = [budget]
        p.limits = limits
        p.expiresMs = -1
        return p
    }()

    static let user = UserInfo(name: "chan.siuming", defaultProject: "cantonese-llm",
                               projects: ["cantonese-llm", "hkgai-foundation"])

    static let qos: QoSInfo = {
        var q = QoSInfo()
        q.name = "high"
        q.priorityMillionths = 1_000_000
        q.chargeMultiplierMillionths = 2_000_000
        q.countsAgainstBudget = true
        q.preemptible = true
        q.idleCapacityOnly = true
        q.maxWalltimeSeconds = 86_400
        q.maxGPUsInUsePerProjectPlusOne = 17
        q.maxMilliGPUHoursPerPeriodPlusOne = UInt64.max
        return q
    }()

    static let auditEntry: AuditEntryInfo = {
        var e = AuditEntryInfo()
        e.seq = 42
        e.atMs = 1_767_300_000_000
        e.actor = "admin"
        e.action = "update-project"
        e.subject = "project cantonese-llm"
        e.before = #"{"name":"cantonese-llm","shares":40}"#
        e.after = #"{"name":"cantonese-llm","shares":45}"#
        return e
    }()

    static let projectUsage: ProjectUsageInfo = {
        var u = ProjectUsageInfo()
        u.project = "cantonese-llm"
        u.scheme = "aisp"
        u.hasBudget = true
        u.periodStartMs = 1_767_225_600_000
        u.periodEndMs = 1_775_001_600_000
        u.budgetMilliGPUHours = 68_000_000
        u.usedMilliGPUHours = 68_000_500
        u.remainingMilliGPUHours = -500  // an overrun of up to one tick
        u.burnMilliGPUHoursPerDay = 960_000
        u.exhaustionMs = 1_767_400_000_000
        u.fairShareMillionths = 500_000
        u.runningJobs = 3
        u.gpusInUse = 24
        u.status = "QuotaLimit: project cantonese-llm is at its limit of 16 GPUs in use"
        return u
    }()

    static let fundingRow: FundingReportRow = {
        var r = FundingReportRow()
        r.scheme = "aisp"
        r.project = "cantonese-llm"
        r.user = "wong.kaming"
        r.periodStartMs = 1_767_225_600_000
        r.periodEndMs = 1_775_001_600_000
        r.milliGPUHours = 42_000_000_123
        r.jobs = 17
        return r
    }()

    static let schemeUsage: SchemeUsageInfo = {
        var u = SchemeUsageInfo()
        u.scheme = "aisp"
        u.hasBudget_p = true
        u.periodStartMs = 1_767_225_600_000
        u.periodEndMs = 1_775_001_600_000
        u.budgetMilliGpuHours = 500_000_000
        u.usedMilliGpuHours = 123_456_789
        u.remainingMilliGpuHours = -1
        u.burnMilliGpuHoursPerDay = 2_400_000
        u.exhaustionMs = 1_770_000_000_000
        u.runningJobs = 9
        u.gpusInUse = 72
        return u
    }()

    static let seriesLine: UsageSeriesLine = {
        var l = UsageSeriesLine()
        l.project = "cantonese-llm"
        l.milliGpuHours = [0, 1_920_000, 7, UInt64.max]
        return l
    }()

    static let fairShareLevel: FairShareLevelInfo = {
        var l = FairShareLevelInfo()
        l.path = ["aisp", "cantonese-llm", "wong.kaming"]
        l.isUser = true
        l.sharesNormMillionths = 666_667
        l.usageNormMillionths = 800_000
        l.usageMilliGpuHours = 1_234_567
        l.levelFairShareMillionths = 833_334
        l.factorMillionths = 500_000
        l.usedNothing = true
        return l
    }()

    static let queueSample: QueueSampleInfo = {
        var s = QueueSampleInfo()
        s.atMs = 1_767_225_600_000
        s.pending = 120
        s.held = 4
        s.running = 37
        s.gpusWanted = 512
        s.gpusInUse = 288
        s.medianWaitMs = 5_400_000
        s.maxWaitMs = 259_200_000
        return s
    }()

    static let term: PriorityTermInfo = {
        var t = PriorityTermInfo()
        t.name = "fairshare"
        t.factorMillionths = 500_000
        t.weight = 10_000
        t.weightedMillionths = 5_000_000_000
        t.explanation = "rank 2 of 4 (project cantonese-llm used 80% of aisp's usage for 67% of its shares)"
        return t
    }()

    static let accounts: [MessageCase] = [
        MessageCase(budget, maxField: 4),
        MessageCase(limits, maxField: 4),
        MessageCase(qos, maxField: 9),
        MessageCase(scheme, maxField: 6),
        MessageCase(MemberShareInfo(user: "wong.kaming", shares: 3), maxField: 2),
        MessageCase(project, maxField: 9),
        MessageCase(user, maxField: 3),
        {
            var c = AccountChangeRequest(.addMember)
            c.scheme = scheme
            c.project = project
            c.user = user
            c.name = "lee.kaho"
            c.memberProject = "cantonese-llm"
            c.memberShares = 2
            return MessageCase(c, maxField: 7)
        }(),
        MessageCase(ListAccounts(scheme: "aisp", project: "cantonese-llm", user: "chan.siuming"), maxField: 3),
        {
            var l = AccountList()
            l.schemes = [scheme, SchemeInfo()]
            l.projects = [project]
            l.users = [user, UserInfo()]
            l.qos = [qos]
            return MessageCase(l, maxField: 4)
        }(),
        MessageCase(QoSUpdate(qos: qos), maxField: 1),
        MessageCase(ListAudit(afterSeq: 41, limit: 100, subject: "project cantonese-llm"), maxField: 3),
        MessageCase(auditEntry, maxField: 7),
        MessageCase(AuditList(entries: [auditEntry, AuditEntryInfo()], more: true), maxField: 2),
        {
            var q = QueryUsage(project: "cantonese-llm", user: "wong.kaming")
            q.scheme = "aisp"
            return MessageCase(q, maxField: 3)
        }(),
        MessageCase(projectUsage, maxField: 14),
        MessageCase(schemeUsage, maxField: 11),
        {
            var r = UsageReport(projects: [projectUsage, ProjectUsageInfo()])
            r.schemes = [schemeUsage]
            return MessageCase(r, maxField: 2)
        }(),
        MessageCase(FundingReportRequest(scheme: "aisp", fromMs: 1_767_225_600_000, toMs: 1_775_001_600_000), maxField: 3),
        MessageCase(fundingRow, maxField: 7),
        MessageCase(FundingReportRows(rows: [fundingRow, FundingReportRow()]), maxField: 1),
        MessageCase(JobPriorityRequest(jobID: 123_456), maxField: 1),
        MessageCase(term, maxField: 5),
        {
            var b = PriorityBreakdownInfo()
            b.jobID = 123_456
            b.terms = [term, PriorityTermInfo()]
            b.totalMillionths = 6_205_400_000
            b.position = 3
            b.pendingJobs = 12
            return MessageCase(b, maxField: 5)
        }(),
        {
            var q = UsageSeriesRequest()
            q.scheme = "aisp"
            q.project = "cantonese-llm"
            q.fromMs = 1_767_225_600_000
            q.toMs = 1_775_001_600_000
            q.stepMs = 86_400_000
            return MessageCase(q, maxField: 5)
        }(),
        MessageCase(seriesLine, maxField: 2),
        {
            var u = UsageSeries()
            u.fromMs = 1_767_225_600_000
            u.toMs = 1_775_001_600_000
            u.stepMs = 86_400_000
            u.lines = [seriesLine, UsageSeriesLine()]
            return MessageCase(u, maxField: 4)
        }(),
        {
            var q = FairShareRequest()
            q.scheme = "aisp"
            return MessageCase(q, maxField: 1)
        }(),
        MessageCase(fairShareLevel, maxField: 8),
        {
            var t = FairShareTreeInfo()
            t.levels = [fairShareLevel, FairShareLevelInfo()]
            return MessageCase(t, maxField: 1)
        }(),
        {
            var q = QueueSeriesRequest()
            q.fromMs = 1_767_225_600_000
            q.toMs = 1_767_312_000_000
            return MessageCase(q, maxField: 2)
        }(),
        MessageCase(queueSample, maxField: 8),
        {
            var q = QueueSeries()
            q.samples = [queueSample, QueueSampleInfo()]
            return MessageCase(q, maxField: 1)
        }(),
        {
            var q = QueryHistory()
            q.users = ["wong.kaming", "chan.taiman"]
            q.allUsers = true
            q.projects = ["cantonese-llm"]
            q.states = ["COMPLETED", "FAILED"]
            q.selectors = ["42", "43_7"]
            q.fromMs = 1_767_225_600_000
            q.toMs = -1
            q.afterJobID = UInt64.max
            q.limit = 500
            return MessageCase(q, maxField: 9)
        }(),
    ]
}
