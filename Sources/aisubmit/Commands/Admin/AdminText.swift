import AischedClient
import Foundation
import SchedulerCore
import SchedulerProtocol

/// Human-readable renderings of accounts, QoS levels and audit entries.
enum AdminText {
    static func schemes(_ list: AccountList) -> String {
        var rows = [["SCHEME", "SHARES", "PROJECTS", "BUDGET PERIODS", "LIMITS", "EXPIRES", "NAME"]]
        for s in list.schemes {
            let projects = list.projects.filter { $0.scheme == s.name }.count
            rows.append([s.name, String(s.shares), String(projects), budgets(s.budgets), limits(s.limits),
                         s.expiresMs == 0 ? "-" : CLIValues.day(s.expiresMs), s.displayName])
        }
        return JobText.align(rows)
    }

    static func projects(_ list: [ProjectInfo]) -> String {
        var rows = [["PROJECT", "SCHEME", "SHARES", "MEMBERS", "BUDGET PERIODS", "LIMITS", "EXPIRES", "NAME"]]
        for p in list {
            rows.append([p.name, p.scheme, String(p.shares), String(p.members.count), budgets(p.budgets),
                         limits(p.limits), p.expiresMs == 0 ? "-" : CLIValues.day(p.expiresMs), p.displayName])
        }
        return JobText.align(rows)
    }

    static func users(_ list: [UserInfo]) -> String {
        var rows = [["USER", "DEFAULT PROJECT", "PROJECTS"]]
        for u in list { rows.append([u.name, u.defaultProject, u.projects.joined(separator: ",")]) }
        return JobText.align(rows)
    }

    static func scheme(_ s: SchemeInfo, projects: [ProjectInfo]) -> String {
        var lines = [("Scheme", s.name), ("Name", s.displayName), ("Shares", String(s.shares))]
        lines += periodLines(s.budgets)
        lines += limitLines(s.limits)
        lines.append(("Expires", s.expiresMs == 0 ? "never" : CLIValues.day(s.expiresMs)))
        lines.append(("Projects", projects.map { "\($0.name) (\($0.shares))" }.joined(separator: ", ")))
        return details(lines)
    }

    static func project(_ p: ProjectInfo) -> String {
        let shares = Dictionary(p.memberShares.map { ($0.user, $0.shares) }, uniquingKeysWith: { _, last in last })
        var lines = [("Project", p.name), ("Scheme", p.scheme), ("Name", p.displayName), ("Shares", String(p.shares)),
                     ("Members", p.members.map { "\($0) (\(shares[$0] ?? 1))" }.joined(separator: ", "))]
        lines += periodLines(p.budgets)
        lines += limitLines(p.limits)
        lines.append(("Expires", p.expiresMs == 0 ? "never" : CLIValues.day(p.expiresMs)))
        return details(lines)
    }

    static func qos(_ levels: [QoSInfo]) -> String {
        var rows = [["QOS", "PRIORITY", "CHARGE", "BUDGET", "PREEMPTIBLE", "IDLE ONLY", "MAX TIME", "GPUS/PROJECT", "GPU-H/PERIOD"]]
        for q in levels {
            rows.append([q.name, decimal(Double(q.priorityMillionths) / 1e6), "×" + decimal(Double(q.chargeMultiplierMillionths) / 1e6),
                         q.countsAgainstBudget ? "counts" : "exempt", q.preemptible ? "yes" : "no", q.idleCapacityOnly ? "yes" : "no",
                         q.maxWalltimeSeconds == 0 ? "-" : duration(q.maxWalltimeSeconds),
                         LimitsInfo.limit(q.maxGPUsInUsePerProjectPlusOne).map(String.init) ?? "-",
                         LimitsInfo.limit(q.maxMilliGPUHoursPerPeriodPlusOne).map { hours($0) } ?? "-"])
        }
        return JobText.align(rows)
    }

    /// One block per entry: a header line, then what changed, field by field, for an update.
    static func audit(_ entries: [AuditEntryInfo]) -> String {
        entries.map { e in
            var out = "#\(e.seq)  \(JobText.stamp(e.atMs))  \(e.actor)  \(e.action)  \(e.subject)"
            switch (JSONValue.parse(e.before), JSONValue.parse(e.after)) {
            case (nil, let after?): out += "\n    created: \(after.text)"
            case (let before?, nil): out += "\n    deleted: \(before.text)"
            case (.object(let before)?, .object(let after)?):
                let keys = Set(before.keys).union(after.keys).sorted().filter { before[$0] != after[$0] }
                for key in keys {
                    out += "\n    \(key): \(before[key]?.text ?? "-") → \(after[key]?.text ?? "-")"
                }
                if keys.isEmpty { out += "\n    (no field changed)" }
            case (let before, let after):
                out += "\n    before: \(before?.text ?? "-")\n    after:  \(after?.text ?? "-")"
            }
            return out
        }.joined(separator: "\n")
    }

    // MARK: Pieces

    static func details(_ lines: [(String, String)]) -> String {
        lines.map { "\($0.0.padding(toLength: 11, withPad: " ", startingAt: 0)) \(PrintableText.escaped($0.1))" }
            .joined(separator: "\n")
    }

    /// A period as people wrote it: first and last day, both inclusive, when it runs midnight to midnight.
    static func period(_ startMs: Int64, _ endMs: Int64) -> String {
        let lastDay = endMs % 86_400_000 == 0 && endMs - startMs >= 86_400_000
        return "\(CLIValues.day(startMs)) – \(lastDay ? CLIValues.day(endMs - 86_400_000) : CLIValues.day(endMs))"
    }

    static func periodLines(_ periods: [BudgetPeriodInfo]) -> [(String, String)] {
        if periods.isEmpty { return [("Budget", "none (not rationed by its own budget)")] }
        return periods.map { b in
            ("Budget", "\(period(b.startMs, b.endMs)): \(hours(b.milliGPUHours)) GPU-hours\(b.rollover ? ", unused part rolls over" : "")")
        }
    }

    static func limitLines(_ l: LimitsInfo) -> [(String, String)] {
        [("Limits", limits(l))]
    }

    static func limits(_ l: LimitsInfo) -> String {
        var parts: [String] = []
        if let n = LimitsInfo.limit(l.maxGPUsInUsePlusOne) { parts.append("\(n) GPUs") }
        if let n = LimitsInfo.limit(l.maxRunningJobsPlusOne) { parts.append("\(n) running") }
        if let n = LimitsInfo.limit(l.maxGPUsPerJobPlusOne) { parts.append("\(n) GPUs/job") }
        if !l.allowedGPUModels.isEmpty { parts.append("models " + l.allowedGPUModels.joined(separator: "/")) }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    static func budgets(_ periods: [BudgetPeriodInfo]) -> String {
        periods.isEmpty ? "-" : String(periods.count)
    }

    /// Thousandths of GPU-hours as "50,000" or "12.5".
    static func hours(_ milli: UInt64) -> String { decimal(Double(milli) / 1000) }

    static func decimal(_ value: Double) -> String {
        value.formatted(.number.precision(.fractionLength(0...1)).locale(Locale(identifier: "en_US")))
    }

    static func duration(_ seconds: UInt64) -> String {
        let (d, h, m) = (seconds / 86_400, seconds % 86_400 / 3_600, seconds % 3_600 / 60)
        if d > 0 { return h > 0 ? "\(d)d \(h)h" : "\(d)d" }
        if h > 0 { return m > 0 ? "\(h)h \(m)m" : "\(h)h" }
        return m > 0 ? "\(m)m" : "\(seconds)s"
    }
}
