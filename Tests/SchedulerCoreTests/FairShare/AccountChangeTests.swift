import Foundation
import Testing
@testable import SchedulerCore

@Suite("Account changes: validation, clear errors, nothing changed on a bad change")
struct AccountChangeTests {
    static let q1 = BudgetPeriod(start: FS.at(days: 0), end: FS.at(days: 90), gpuHours: 500)

    struct BadChange: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var change: AccountChange
        var code: Rejection.Code
        var mentions: String
    }

    @Test(arguments: [
        BadChange(testDescription: "project under an unknown scheme",
                  change: .createProject(Project(name: "nlp", scheme: "nope")), code: .notFound,
                  mentions: "unknown funding scheme \"nope\""),
        BadChange(testDescription: "update of an unknown project",
                  change: .updateProject(Project(name: "nope", scheme: "aisp")), code: .notFound,
                  mentions: "unknown project \"nope\""),
        BadChange(testDescription: "member of an unknown project",
                  change: .addMember(user: "dave", project: "nope", shares: 1), code: .notFound, mentions: "unknown project"),
        BadChange(testDescription: "scheme with zero shares",
                  change: .updateScheme(FundingScheme(name: "aisp", shares: 0)), code: .invalidRequest,
                  mentions: "needs shares > 0, not 0"),
        BadChange(testDescription: "project with negative shares",
                  change: .createProject(Project(name: "nlp", scheme: "aisp", shares: -2)), code: .invalidRequest,
                  mentions: "shares > 0"),
        BadChange(testDescription: "member with zero shares",
                  change: .addMember(user: "dave", project: "llm", shares: 0), code: .invalidRequest,
                  mentions: "member dave of project \"llm\" needs shares > 0"),
        BadChange(testDescription: "negative budget",
                  change: .updateScheme(FundingScheme(name: "aisp", budgets: [BudgetPeriod(start: .zero, end: FS.at(days: 1),
                                                                                            gpuHours: -5)])),
                  code: .invalidRequest, mentions: "-5.0 GPU-hours"),
        BadChange(testDescription: "period that ends before it starts",
                  change: .updateProject(Project(name: "llm", scheme: "aisp", members: ["alice", "bob"],
                                                 budgets: [BudgetPeriod(start: FS.at(days: 5), end: FS.at(days: 1),
                                                                        gpuHours: 5)])),
                  code: .invalidRequest, mentions: "ends"),
        BadChange(testDescription: "overlapping periods",
                  change: .updateProject(Project(name: "llm", scheme: "aisp", members: ["alice", "bob"],
                                                 budgets: [q1, BudgetPeriod(start: FS.at(days: 89), end: FS.at(days: 180),
                                                                            gpuHours: 500)])),
                  code: .invalidRequest, mentions: "overlapping budget periods"),
        BadChange(testDescription: "negative limit",
                  change: .updateScheme(FundingScheme(name: "aisp", limits: AccountLimits(maxRunningJobs: -1))),
                  code: .invalidRequest, mentions: "maxRunningJobs -1 < 0"),
        BadChange(testDescription: "default project the user is not in",
                  change: .updateUser(UserAccount(name: "bob", defaultProject: "vision")), code: .invalidRequest,
                  mentions: "default project vision is not one of their projects"),
        BadChange(testDescription: "default project that does not exist",
                  change: .updateUser(UserAccount(name: "bob", defaultProject: "ghost")), code: .notFound,
                  mentions: "does not exist"),
        BadChange(testDescription: "a scheme twice", change: .createScheme(FundingScheme(name: "aisp")), code: .conflict,
                  mentions: "already exists"),
        BadChange(testDescription: "a member twice", change: .addMember(user: "bob", project: "llm", shares: 1),
                  code: .conflict, mentions: "already a member"),
        BadChange(testDescription: "a scheme that still funds projects", change: .deleteScheme("aisp"), code: .conflict,
                  mentions: "still funds llm, vision"),
        BadChange(testDescription: "a project that is someone's default", change: .deleteProject("llm"), code: .conflict,
                  mentions: "default project of alice, bob"),
        BadChange(testDescription: "removing a user from their default project",
                  change: .removeMember(user: "alice", project: "llm"), code: .conflict, mentions: "alice's default project"),
        BadChange(testDescription: "dropping a member whose default it is, by update",
                  change: .updateProject(Project(name: "llm", scheme: "aisp", shares: 2, members: ["alice"])),
                  code: .invalidRequest, mentions: "user bob's default project llm"),
        BadChange(testDescription: "a name with a space", change: .createScheme(FundingScheme(name: "ai sp")),
                  code: .invalidRequest, mentions: "contains a space"),
        BadChange(testDescription: "member shares for a non-member",
                  change: .updateProject(Project(name: "vision", scheme: "aisp", members: ["alice", "carol"],
                                                 memberShares: ["zed": 2])),
                  code: .invalidRequest, mentions: "gives shares to zed, who is not a member"),
        BadChange(testDescription: "removing a non-member", change: .removeMember(user: "zed", project: "llm"),
                  code: .notFound, mentions: "not a member"),
        BadChange(testDescription: "an unknown user", change: .deleteUser("zed"), code: .notFound, mentions: "unknown user"),
    ])
    func badChangeIsRefusedAndChangesNothing(_ c: BadChange) {
        let registry = FS.centre
        let result = registry.applying(c.change)
        guard case .failure(let rejection) = result else {
            Issue.record("accepted: \(c.change)")
            return
        }
        #expect(rejection.code == c.code)
        #expect(rejection.message.contains(c.mentions), "\(rejection.message)")
        #expect(registry == FS.centre)
    }

    @Test func goodChangesApplyAndAreDiffedForTheAuditLog() throws {
        var registry = FS.centre
        registry = try registry.applying(.createScheme(FundingScheme(name: "innohk", shares: 2, budgets: [Self.q1]))).get()
        registry = try registry.applying(.createProject(Project(name: "robots", scheme: "innohk", shares: 3))).get()
        registry = try registry.applying(.createUser(UserAccount(name: "dave", defaultProject: "robots"))).get()
        registry = try registry.applying(.addMember(user: "dave", project: "llm", shares: 2)).get()
        #expect(registry.validate() == nil)
        #expect(registry.projects(of: "dave") == ["llm", "robots"])
        #expect(registry.projects["llm"]?.shares(of: "dave") == 2)
        #expect(registry.projects["robots"]?.shares(of: "dave") == 1)
        #expect(try registry.resolveProject("", for: "dave").get() == "robots")

        let diff = registry.diff(from: FS.centre)
        #expect(diff.map(\.subject) == [.scheme("innohk"), .project("llm"), .project("robots"), .user("dave")])
        #expect(diff[0].before == nil && diff[0].after == .scheme(FundingScheme(name: "innohk", shares: 2, budgets: [Self.q1])))
        #expect(diff[1].before == .project(FS.centre.projects["llm"]!))

        let removed = try registry.applying(.deleteUser("dave")).get()
        #expect(removed.projects(of: "dave").isEmpty && removed.projects["llm"]?.memberShares["dave"] == nil)
        let edited = try removed.applying(.removeMember(user: "carol", project: "vision")).get()
        #expect(edited.projects["vision"]?.members == ["alice"])
        #expect(try edited.applying(.deleteProject("robots")).flatMap { $0.applying(.deleteScheme("innohk")) }.get()
                .diff(from: FS.centre).map(\.subject) == [.project("vision")])
    }

    @Test func validateFindsProblemsInAWholeRegistry() {
        #expect(FS.centre.validate() == nil)
        var broken = FS.centre
        broken.projects["llm"]?.budgets = [Self.q1, Self.q1]
        #expect(broken.validate()?.message.contains("overlapping") == true)
        broken = FS.centre
        broken.users["carol"] = UserAccount(name: "carol", defaultProject: "llm")
        #expect(broken.validate()?.message.contains("carol") == true)
        broken = FS.centre
        broken.schemes["aisp"]?.shares = 0
        #expect(broken.validate()?.message == "funding scheme \"aisp\" needs shares > 0, not 0")
    }

    @Test func aChangeElsewhereIsNotBlockedByAnOldProblem() throws {
        // A registry loaded before a rule existed (here: carol defaults to a project she is not in) still takes
        // changes that do not touch the problem.
        var old = FS.centre
        old.users["carol"] = UserAccount(name: "carol", defaultProject: "llm")
        let changed = try old.applying(.addMember(user: "erin", project: "vision", shares: 1)).get()
        #expect(changed.projects["vision"]?.members == ["alice", "carol", "erin"])
    }

    @Test func submittingToAProjectYouAreNotInIsRefused() throws {
        let result = FS.centre.resolveProject("vision", for: "bob")
        guard case .failure(let rejection) = result else {
            Issue.record("accepted")
            return
        }
        #expect(rejection.code == .permissionDenied && rejection.message == "user bob is not a member of project vision")
        #expect(try FS.centre.resolveProject("", for: "alice").get() == "llm")
        #expect(try FS.centre.resolveProject("vision", for: "alice").get() == "vision")
    }

    @Test func jsonFromBeforeBudgetsStillDecodes() throws {
        let json = """
        {"schemes": {"aisp": {"name": "aisp", "displayName": "AI Subsidy", "shares": 5}},
         "projects": {"llm": {"name": "llm", "scheme": "aisp", "displayName": "", "shares": 2, "members": ["alice"]}},
         "users": {"alice": {"name": "alice", "defaultProject": "llm"}}}
        """
        let registry = try JSONDecoder().decode(AccountRegistry.self, from: Data(json.utf8))
        #expect(registry.projects["llm"] == Project(name: "llm", scheme: "aisp", shares: 2, members: ["alice"]))
        #expect(registry.schemes["aisp"]?.budgets == [] && registry.schemes["aisp"]?.limits == .unlimited)
        let roundTrip = try JSONDecoder().decode(AccountRegistry.self, from: JSONEncoder().encode(
            try registry.applying(.updateProject(Project(name: "llm", scheme: "aisp", members: ["alice"], memberShares: ["alice": 3],
                                                         budgets: [Self.q1], limits: AccountLimits(maxGPUsPerJob: 8),
                                                         expires: FS.at(days: 365)))).get()))
        #expect(roundTrip.projects["llm"]?.budgets == [Self.q1] && roundTrip.projects["llm"]?.expires == FS.at(days: 365))
    }

    @Test func accountingPolicyDecodesPartialConfiguration() throws {
        let json = #"{"qos": {"high": {"priority": 0.9, "chargeMultiplier": 3}}, "usageHalfLife": null}"#
        let policy = try JSONDecoder().decode(AccountingPolicy.self, from: Data(json.utf8))
        #expect(policy.qos.high.chargeMultiplier == 3 && policy.qos.high.maxWalltime == nil)
        #expect(policy.qos.scavenger == QoSTable.standard.scavenger)
        #expect(policy.usageHalfLife == nil)
        #expect(policy.billing == .gpuOnly && policy.accountingInterval == .minutes(1))
        #expect(try JSONDecoder().decode(AccountingPolicy.self, from: Data("{}".utf8)) == AccountingPolicy())
        #expect(AccountingPolicy().validate() == nil)
        var bad = AccountingPolicy()
        bad.qos.normal.priority = 2
        #expect(bad.validate()?.message == "QoS normal: priority must be in [0, 1]")
    }
}
