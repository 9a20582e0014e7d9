import AischedClient
import Foundation
import SchedulerProtocol
import Testing

/// Funded projects over the real RPC: admin changes are audited, budgets are charged while jobs run, a spent
/// budget stops normal jobs but not scavenger ones, and the ledger survives a crash.
@Suite(.serialized) struct AccountingTests {
    static var topology: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("seeds/topologies/dgx-h100.json").path
    }

    @Test func spentBudgetStopsNormalJobsNotScavengerAndEveryChangeIsAudited() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd(extra: ["--accounting-seconds", "1"])
        try centre.startAgent("dgx-01", topology: Self.topology)
        let admin = try await centre.connect(as: "ops", role: "admin")
        let now = Int64(Date().timeIntervalSince1970 * 1000)

        // 1. An admin funds a project with 4 GPU-seconds (1.1 milli-GPU-hours) for today.
        var scheme = SchemeInfo()
        scheme.name = "aisp"
        scheme.displayName = "AI Subsidy Scheme"
        scheme.shares = 10
        var project = ProjectInfo()
        project.name = "tiny-grant"
        project.scheme = "aisp"
        project.shares = 1
        project.members = [centre.user]
        project.budgets = [BudgetPeriodInfo(startMs: now - 3_600_000, endMs: now + 86_400_000, milliGPUHours: 1)]
        for (action, fill) in [("create-scheme", { (r: inout AccountChangeRequest) in r.scheme = scheme }),
                               ("create-project", { (r: inout AccountChangeRequest) in r.project = project })] {
            var request = AccountChangeRequest()
            request.action = action
            fill(&request)
            let audit = try await admin.request(.accountChange, request, expecting: .accountChangeReply, as: AuditList.self)
            #expect(!audit.entries.isEmpty)
        }
        // A bad change (zero shares) is refused and changes nothing.
        var bad = AccountChangeRequest()
        bad.action = "update-project"
        bad.project = project
        bad.project.shares = 0
        await #expect(throws: ClientError.self) {
            _ = try await admin.request(.accountChange, bad, expecting: .accountChangeReply, as: AuditList.self)
        }

        // 2. A 1-GPU job runs on the budget until it is spent, then continues as scavenger.
        let token = try centre.token(centre.user)
        let first = try centre.aisubmit(["submit", "--json", "-A", "tiny-grant", "--gpus-per-node", "1", "--",
                                         "sleep", "60"], token: token)
        #expect(first.status == 0, "\(first.stderr)")
        let firstID = try #require(try JSON.object(first.stdout)["id"] as? Int)
        #expect(try await eventually(30) {
            let job = try JSON.object(centre.aisubmit(["show", "--json", String(firstID)], token: token).stdout)
            return job["qos"] as? String == "scavenger"
        }, "the running job was not moved to scavenger when its budget ran out")

        // 3. Now a normal job waits with BudgetExhausted, a scavenger job runs.
        let normal = try centre.aisubmit(["submit", "--json", "-A", "tiny-grant", "--gpus-per-node", "1", "--", "true"],
                                         token: token)
        let normalID = try #require(try JSON.object(normal.stdout)["id"] as? Int)
        let scavenger = try centre.aisubmit(["submit", "--json", "-A", "tiny-grant", "--qos", "scavenger",
                                             "--gpus-per-node", "1", "--", "true"], token: token)
        let scavengerID = try #require(try JSON.object(scavenger.stdout)["id"] as? Int)
        #expect(try centre.aisubmit(["wait", "--timeout", "30", String(scavengerID)], token: token).status == 0)
        let waiting = try JSON.object(centre.aisubmit(["show", "--json", String(normalID)], token: token).stdout)
        #expect(waiting["state"] as? String == "PENDING")
        #expect(waiting["reason"] as? String == "BudgetExhausted")

        // 4. The researcher sees it in their usage.
        let user = try await centre.connect(as: centre.user)
        var query = QueryUsage()
        query.project = "tiny-grant"
        let usage = try await user.request(.queryUsage, query, expecting: .usageReport, as: UsageReport.self)
        #expect(usage.projects.first?.status == "BudgetExhausted")
        #expect((usage.projects.first?.usedMilliGPUHours ?? 0) >= 1)

        // 5. Every change is in the audit log, with before and after.
        let log = try await admin.request(.listAudit, ListAudit(), expecting: .auditList, as: AuditList.self)
        #expect(log.entries.map(\.subject) == ["scheme aisp", "project tiny-grant"])
        #expect(log.entries.allSatisfy { $0.actor == "ops" && $0.before.isEmpty && !$0.after.isEmpty })

        // 6. The ledger survives kill -9: usage after a restart is at least what it was.
        let before = usage.projects.first?.usedMilliGPUHours ?? 0
        centre.killSchedd()
        try centre.startSchedd(extra: ["--accounting-seconds", "1"])
        let again = try await centre.connect(as: centre.user)
        let after = try await again.request(.queryUsage, query, expecting: .usageReport, as: UsageReport.self)
        #expect((after.projects.first?.usedMilliGPUHours ?? 0) >= before)
        _ = try centre.aisubmit(["cancel", String(firstID), String(normalID)], token: token)
    }
}
