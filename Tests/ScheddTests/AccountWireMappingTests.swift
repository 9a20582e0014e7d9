@testable import schedd
@testable import SchedulerCore
import SchedulerProtocol
import Testing

@Suite("Account wire mapping")
struct AccountWireMappingTests {
    typealias M = AccountWireMapping
    static let day: Int64 = 86_400_000
    static let q1 = BudgetPeriod(start: Instant(milliseconds: 0), end: Instant(milliseconds: 90 * day), gpuHours: 50_000, rollover: true)
    static let q2 = BudgetPeriod(start: Instant(milliseconds: 90 * day), end: Instant(milliseconds: 181 * day), gpuHours: 60_000.125)

    static let registry = AccountRegistry(
        schemes: [FundingScheme(name: "aisp", displayName: "AI Subsidy", shares: 50, budgets: [q2, q1],
                                limits: AccountLimits(maxGPUsInUse: 128), expires: Instant(milliseconds: 400 * day)),
                  FundingScheme(name: "ugc", shares: 10)],
        projects: [Project(name: "llm", scheme: "aisp", shares: 40, members: ["wong", "chan"], memberShares: ["wong": 3],
                           budgets: [q1], limits: AccountLimits(maxRunningJobs: 0, allowedGPUModels: ["h100"])),
                   Project(name: "med", scheme: "aisp", shares: 20, members: ["chan", "lee"]),
                   Project(name: "nlp", scheme: "ugc", shares: 35, members: ["leung"])],
        users: [UserAccount(name: "wong", defaultProject: "llm"), UserAccount(name: "chan", defaultProject: "llm"),
                UserAccount(name: "lee", defaultProject: "med"), UserAccount(name: "leung", defaultProject: "nlp")])

    // MARK: Units and entities

    @Test("GPU-hours and fractions become integers, rounded and clamped")
    func units() {
        #expect(M.milli(1.2346) == 1235)
        #expect(M.milli(-3) == 0)
        #expect(M.milli(.infinity) == 0 && M.milli(.nan) == 0)
        #expect(M.milli(1e30) == .max)
        #expect(M.signedMilli(-0.5) == -500)
        #expect(M.signedMilli(-1e30) == .min)
        #expect(M.millionths(0.5) == 500_000)
        #expect(M.millionths(5_000) == UInt32.max)
        #expect(M.gpuHours(milli: 1500) == 1.5)
    }

    @Test("schemes, projects and users survive core → wire → core")
    func entitiesRoundTrip() throws {
        for scheme in Self.registry.schemes.values {
            var expected = scheme
            expected.budgets.sort { $0.start < $1.start }  // the wire lists periods in order
            #expect(M.scheme(M.schemeInfo(scheme)) == expected)
            #expect(try M.scheme(SchemeInfo(wireBytes: M.schemeInfo(scheme).wireBytes())) == expected)
        }
        for project in Self.registry.projects.values {
            #expect(M.project(M.projectInfo(project)) == project)
        }
        let info = M.projectInfo(Self.registry.projects["llm"]!)
        #expect(info.memberShares == [MemberShareInfo(user: "wong", shares: 3)])
        #expect(info.limits.maxRunningJobsPlusOne == 1, "a limit of 0 is kept")
        #expect(info.limits.maxGPUsInUsePlusOne == 0, "no limit is 0")
        #expect(info.budgets.first?.milliGPUHours == 50_000_000)
        let chan = M.userInfo(Self.registry.users["chan"]!, in: Self.registry)
        #expect(chan.projects == ["llm", "med"])
        #expect(M.user(chan) == Self.registry.users["chan"])
    }

    @Test("QoS levels survive the wire; a bad level or priority is refused")
    func qos() throws {
        for level in QoS.allCases {
            let policy = QoSTable.standard[level]
            let (back, backPolicy) = try M.qos(M.qosInfo(level, policy)).get()
            #expect(back == level && backPolicy == policy)
        }
        #expect(M.qosInfo(.high, QoSTable.standard.high).maxGPUsInUsePerProjectPlusOne == 17)
        var bad = M.qosInfo(.high, QoSTable.standard.high)
        bad.name = "urgent"
        #expect(throws: ErrorReply.self) { try M.qos(bad).get() }
        bad.name = "HIGH"
        bad.priorityMillionths = 1_000_001
        do {
            _ = try M.qos(bad).get()
            Issue.record("priority above 1 accepted")
        } catch {
            #expect(error.code == .invalidRequest && error.message.contains("above 1"))
        }
    }

    // MARK: Changes

    @Test("each action maps to its core change")
    func changes() throws {
        var r = AccountChangeRequest(.addMember)
        r.name = "lee"
        r.memberProject = "llm"
        #expect(try M.change(r).get() == .addMember(user: "lee", project: "llm", shares: 1), "absent shares = 1")
        r.memberShares = 4
        #expect(try M.change(r).get() == .addMember(user: "lee", project: "llm", shares: 4))
        r.action = "remove-member"
        #expect(try M.change(r).get() == .removeMember(user: "lee", project: "llm"))
        var d = AccountChangeRequest(.deleteScheme)
        d.name = "ugc"
        #expect(try M.change(d).get() == .deleteScheme("ugc"))
        var u = AccountChangeRequest(.updateProject)
        u.project = M.projectInfo(Self.registry.projects["med"]!)
        #expect(try M.change(u).get() == .updateProject(Self.registry.projects["med"]!))
    }

    @Test("a malformed change names the action or the missing field", arguments: [
        ("create-projct", "is not one of"), ("", "needs an action"), ("create-project", "field 3, project"),
        ("create-scheme", "field 2, scheme"), ("update-user", "field 4, user"), ("delete-user", "field 5, name"),
        ("add-member", "field 5, name"),
    ])
    func malformedChanges(_ action: String, _ expected: String) {
        var r = AccountChangeRequest()
        r.action = action
        guard case .failure(let error) = M.change(r) else { Issue.record("accepted"); return }
        #expect(error.code == .invalidRequest)
        #expect(error.message.contains(expected), "\(error.message)")
    }

    @Test("bad input from the wire is refused by the registry and changes nothing")
    func badInputRefused() throws {
        var zero = AccountChangeRequest(.updateScheme)
        zero.scheme = M.schemeInfo(Self.registry.schemes["ugc"]!)
        zero.scheme.shares = 0
        var overlap = AccountChangeRequest(.updateProject)
        overlap.project = M.projectInfo(Self.registry.projects["llm"]!)
        overlap.project.budgets.append(BudgetPeriodInfo(startMs: 10 * Self.day, endMs: 20 * Self.day, milliGPUHours: 1))
        var backwards = overlap
        backwards.project.budgets = [BudgetPeriodInfo(startMs: 20 * Self.day, endMs: 10 * Self.day, milliGPUHours: 1)]
        var unknown = AccountChangeRequest(.createProject)
        unknown.project = M.projectInfo(Self.registry.projects["llm"]!)
        unknown.project.name = "new"
        unknown.project.scheme = "nope"
        for (request, code, words) in [(zero, Rejection.Code.invalidRequest, "shares > 0"),
                                       (overlap, .invalidRequest, "overlapping"),
                                       (backwards, .invalidRequest, "before it starts"),
                                       (unknown, .notFound, "nope")] {
            let change = try M.change(request).get()
            guard case .failure(let rejection) = Self.registry.applying(change) else {
                Issue.record("\(request.action) accepted"); continue
            }
            #expect(rejection.code == code && rejection.message.contains(words), "\(rejection.message)")
        }
    }

    // MARK: Listing

    @Test("listAccounts filters by relation, and a user sees only their own")
    func listing() {
        func names(_ l: AccountList) -> [String] {
            l.schemes.map { "s:" + $0.name } + l.projects.map { "p:" + $0.name } + l.users.map { "u:" + $0.name }
        }
        let all = M.accountList(Self.registry, qos: .standard, filter: ListAccounts(), viewer: nil)
        #expect(names(all).count == 2 + 3 + 4)
        #expect(all.qos.map(\.name) == ["normal", "high", "scavenger"])
        #expect(names(M.accountList(Self.registry, qos: .standard, filter: ListAccounts(scheme: "ugc"), viewer: nil))
                == ["s:ugc", "p:nlp", "u:leung"])
        #expect(names(M.accountList(Self.registry, qos: .standard, filter: ListAccounts(user: "chan"), viewer: nil))
                == ["s:aisp", "p:llm", "p:med", "u:chan"])
        #expect(names(M.accountList(Self.registry, qos: .standard, filter: ListAccounts(project: "med"), viewer: nil))
                == ["s:aisp", "p:med", "u:chan", "u:lee"])
        #expect(names(M.accountList(Self.registry, qos: .standard, filter: ListAccounts(scheme: "nope"), viewer: nil)).isEmpty)
        #expect(names(M.accountList(Self.registry, qos: .standard, filter: ListAccounts(), viewer: "lee"))
                == ["s:aisp", "p:med", "u:lee"])
        #expect(names(M.accountList(Self.registry, qos: .standard, filter: ListAccounts(scheme: "ugc"), viewer: "lee")).isEmpty)
    }

    // MARK: Audit

    @Test("audit entries carry sorted-key JSON before and after")
    func audit() throws {
        var changed = Self.registry.projects["llm"]!
        changed.shares = 45
        let next = try Self.registry.applying(.updateProject(changed)).get()
        let entries = M.auditEntries(firstSeq: 7, at: Instant(milliseconds: 1_000), actor: "admin",
                                     action: "update-project", diffs: next.diff(from: Self.registry))
        #expect(entries.count == 1)
        let e = try #require(entries.first)
        #expect(e.seq == 7 && e.atMs == 1_000 && e.actor == "admin" && e.subject == "project llm")
        #expect(e.before.hasPrefix(#"{"budgets":[{"end":"1970-04-01T00:00:00Z","gpuHours":50000,"rollover":true,"start":"1970-01-01T00:00:00Z"}],"displayName":"","expires":null,"limits":{"allowedGPUModels":["h100"],"maxGPUsInUse":null,"maxGPUsPerJob":null,"maxRunningJobs":0},"memberShares":{"wong":3},"members":["wong","chan"],"name":"llm","scheme":"aisp","shares":40}"#), "\(e.before)")
        #expect(e.after.contains(#""shares":45"#))
        let created = M.auditEntry(seq: 1, at: .zero, actor: "a", action: "create-user",
                                   diff: AccountDiffEntry(subject: .user("x"), before: nil, after: .user(UserAccount(name: "x", defaultProject: "llm"))))
        #expect(created.before == "" && created.after == #"{"defaultProject":"llm","name":"x"}"#)
        let q = M.auditEntry(seq: 2, at: .zero, actor: "a", qos: .high, before: QoSTable.standard.high,
                             after: QoSTable.standard.normal)
        #expect(q.subject == "qos high" && q.action == "qos-update")
        #expect(q.before.contains(#""maxGPUsInUsePerProject":16"#) && q.after.contains(#""maxWalltimeSeconds":null"#))
    }

    // MARK: Usage

    @Test("a usage line from an active budget")
    func usage() {
        let status = BudgetStatus(account: .project("llm"), period: Self.q2, carriedIn: 8_000, allocated: 68_000,
                                  used: 68_000.5, remaining: -0.5, usedByQoS: [:], burnRate: 40,
                                  projectedExhaustion: Instant(milliseconds: 100 * Self.day))
        let info = M.usageInfo(project: Self.registry.projects["llm"]!, budget: .active(status), fairShare: 0.25,
                               inUse: AccountInUse(gpus: 24, runningJobs: 3), status: "BudgetExhausted")
        #expect(info.hasBudget && info.periodStartMs == 90 * Self.day && info.periodEndMs == 181 * Self.day)
        #expect(info.budgetMilliGPUHours == 68_000_000 && info.usedMilliGPUHours == 68_000_500)
        #expect(info.remainingMilliGPUHours == -500 && info.burnMilliGPUHoursPerDay == 960_000)
        #expect(info.exhaustionMs == 100 * Self.day && info.fairShareMillionths == 250_000)
        #expect(info.runningJobs == 3 && info.gpusInUse == 24 && info.scheme == "aisp")
        let free = M.usageInfo(project: Self.registry.projects["med"]!, budget: .unlimited, fairShare: nil,
                               inUse: AccountInUse(), status: "ok")
        #expect(!free.hasBudget && free.budgetMilliGPUHours == 0 && free.fairShareMillionths == 1_000_000)
        #expect(M.usageStatus(expired: true, verdict: nil) == "expired")
        #expect(M.usageStatus(expired: false, verdict: nil) == "ok")
    }

    // MARK: Funding report

    @Test("funding report rows split by period, with gaps as their own rows")
    func fundingReport() throws {
        func charge(_ job: UInt64, _ project: String, _ user: String, _ from: Int64, _ to: Int64, _ hours: Double) -> UsageCharge {
            UsageCharge(job: JobID(job), project: project, user: user, qos: .normal, from: Instant(milliseconds: from),
                        to: Instant(milliseconds: to), rate: 1, multiplier: 1, gpuHours: hours, countsAgainstBudget: true)
        }
        let d = Self.day
        let charges = [
            charge(1, "llm", "wong", 10 * d, 11 * d, 24),
            charge(2, "llm", "wong", 89 * d, 91 * d, 48),     // straddles q1 | gap (llm has only q1)
            charge(3, "med", "lee", 89 * d, 91 * d, 48),      // med uses the scheme's q1 | q2
            charge(4, "nlp", "leung", 10 * d, 11 * d, 24),    // another scheme
            charge(5, "llm", "chan", 200 * d, 201 * d, 24),   // outside the window
        ]
        let request = FundingReportRequest(scheme: "aisp", fromMs: 0, toMs: 120 * d)
        let rows = try M.fundingReport(request, charges: charges, accounts: Self.registry).get().rows
        let summary = rows.map { "\($0.project) \($0.user) \($0.periodStartMs / d)-\($0.periodEndMs / d) \($0.milliGPUHours) \($0.jobs)" }
        #expect(summary == ["llm wong 0-90 48000 2", "llm wong 90-120 24000 1", "med lee 0-90 24000 1", "med lee 90-120 24000 1"])
        #expect(M.reportPeriods([Self.q1], window: 10..<20) == [10..<20])
        #expect(M.reportPeriods([], window: 10..<20) == [10..<20])
        #expect(M.reportPeriods([Self.q2], window: 0..<(200 * d)) == [0..<(90 * d), (90 * d)..<(181 * d), (181 * d)..<(200 * d)])
        guard case .failure(let unknown) = M.fundingReport(FundingReportRequest(scheme: "x", fromMs: 0, toMs: 1),
                                                           charges: [], accounts: Self.registry),
              case .failure(let backwards) = M.fundingReport(FundingReportRequest(scheme: "aisp", fromMs: 5, toMs: 5),
                                                             charges: [], accounts: Self.registry)
        else { Issue.record("accepted"); return }
        #expect(unknown.code == .notFound && backwards.code == .invalidRequest)
    }

    // MARK: Priority

    @Test("the worked example of FAIRSHARE.md §8, term by term")
    func priority() {
        let model = MultifactorPriority(clusterGPUs: 64, clusterCPUs: 1_024)
        let input = PriorityInput(job: JobID(9), submitTime: .zero, gpus: 2, fairShare: 1)
        let now = Instant(milliseconds: 2 * 3_600_000)
        let info = M.priorityInfo(model.breakdown(input, at: now), input: input, model: model, project: "med",
                                  user: "lee", at: now, position: 1, pendingJobs: 3)
        #expect(info.jobID == 9 && info.position == 1 && info.pendingJobs == 3)
        #expect(info.terms.map(\.name) == ["fairshare", "age", "size", "qos"])
        #expect(info.terms.map(\.weight) == [10_000, 1_000, 500, 2_000])
        #expect(info.terms.map(\.weightedMillionths) == [10_000_000_000, 11_904_762, 15_625_000, 1_000_000_000])
        #expect(info.totalMillionths == 11_027_529_762)
        #expect(info.terms[1].explanation == "waited 2h of the 7d that earn the full factor")
        #expect(info.terms[2].explanation == "2 of the cluster's 64 GPUs")
    }
}
