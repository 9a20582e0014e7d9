import Foundation
import SchedulerCore
import SchedulerProtocol

/// Audit-log entries: the subject words and the before/after JSON that people read in `aisubmit admin audit`.
///
/// The JSON has sorted keys (so two renderings of one value are the same text, and a diff of before and after shows
/// only what changed), times in ISO 8601 UTC, GPU-hours as numbers, and absent limits and expiries as `null` rather
/// than left out, so that before and after have the same keys. It is for people, not a parsing interface.
extension AccountWireMapping {
    /// The audit entry of one entity a change touched. `action` is the request's action word (e.g. "update-project")
    /// or "import" for a bulk import; the same `at` and `actor` go on every entry of one request.
    static func auditEntry(seq: UInt64, at: Instant, actor: String, action: String,
                           diff: AccountDiffEntry) -> AuditEntryInfo {
        var entry = AuditEntryInfo()
        entry.seq = seq
        entry.atMs = at.milliseconds
        entry.actor = actor
        entry.action = action
        entry.subject = diff.subject.description
        entry.before = auditJSON(diff.before)
        entry.after = auditJSON(diff.after)
        return entry
    }

    /// The entries of one accepted change, numbered from `firstSeq`, in the order of `diffs` (the registry's `diff`
    /// order: schemes, projects, users).
    static func auditEntries(firstSeq: UInt64, at: Instant, actor: String, action: String,
                             diffs: [AccountDiffEntry]) -> [AuditEntryInfo] {
        diffs.enumerated().map { offset, diff in
            auditEntry(seq: firstSeq + UInt64(offset), at: at, actor: actor, action: action, diff: diff)
        }
    }

    /// The audit entry of a `qosUpdate`; its subject is "qos LEVEL" and its action "qos-update".
    static func auditEntry(seq: UInt64, at: Instant, actor: String, qos: QoS, before: QoSPolicy,
                           after: QoSPolicy) -> AuditEntryInfo {
        var entry = AuditEntryInfo()
        entry.seq = seq
        entry.atMs = at.milliseconds
        entry.actor = actor
        entry.action = "qos-update"
        entry.subject = auditSubject(qos)
        entry.before = auditJSON(qos, before)
        entry.after = auditJSON(qos, after)
        return entry
    }

    static func auditSubject(_ qos: QoS) -> String { "qos \(qos.rawValue)" }

    /// An entity as audit JSON; "" for nil (did not exist before, or no longer exists after).
    static func auditJSON(_ entity: AccountEntity?) -> String {
        switch entity {
        case nil: ""
        case .scheme(let s)?:
            render(["name": .string(s.name), "displayName": .string(s.displayName), "shares": .int(Int64(s.shares)),
                    "budgets": budgetsJSON(s.budgets), "limits": limitsJSON(s.limits), "expires": time(s.expires)])
        case .project(let p)?:
            render(["name": .string(p.name), "scheme": .string(p.scheme), "displayName": .string(p.displayName),
                    "shares": .int(Int64(p.shares)), "members": .array(p.members.map(AuditJSON.string)),
                    "memberShares": .object(p.memberShares.mapValues { .int(Int64($0)) }),
                    "budgets": budgetsJSON(p.budgets), "limits": limitsJSON(p.limits), "expires": time(p.expires)])
        case .user(let u)?:
            render(["name": .string(u.name), "defaultProject": .string(u.defaultProject)])
        }
    }

    static func auditJSON(_ qos: QoS, _ p: QoSPolicy) -> String {
        render(["name": .string(qos.rawValue), "priority": .number(p.priority),
                "chargeMultiplier": .number(p.chargeMultiplier), "countsAgainstBudget": .bool(p.countsAgainstBudget),
                "preemptible": .bool(p.preemptible), "idleCapacityOnly": .bool(p.idleCapacityOnly),
                "maxWalltimeSeconds": p.maxWalltime.map { .int($0.milliseconds / 1000) } ?? .null,
                "maxGPUsInUsePerProject": optional(p.usageLimit?.maxGPUsInUsePerProject),
                "maxGPUHoursPerPeriod": p.usageLimit?.maxGPUHoursPerPeriod.map(AuditJSON.number) ?? .null])
    }

    /// A node's admin order: `{"state":"DRAIN","reason":…,"by":…,"at":…}`, or `{"state":"IN SERVICE",…: null}`.
    static func auditJSON(_ control: NodeControl?) -> String {
        render(["state": .string(control?.state.rawValue ?? "IN SERVICE"), "reason": control.map { .string($0.reason) } ?? .null,
                "by": control.map { .string($0.by) } ?? .null, "at": time(control?.at)])
    }

    private static func budgetsJSON(_ periods: [BudgetPeriod]) -> AuditJSON {
        .array(periods.sorted { $0.start < $1.start }.map { p in
            .object(["start": time(p.start), "end": time(p.end), "gpuHours": .number(p.gpuHours),
                     "rollover": .bool(p.rollover)])
        })
    }

    private static func limitsJSON(_ l: AccountLimits) -> AuditJSON {
        .object(["maxGPUsInUse": optional(l.maxGPUsInUse), "maxRunningJobs": optional(l.maxRunningJobs),
                 "maxGPUsPerJob": optional(l.maxGPUsPerJob),
                 "allowedGPUModels": .array(l.allowedGPUModels.map(AuditJSON.string))])
    }

    private static func optional(_ value: Int?) -> AuditJSON { value.map { .int(Int64($0)) } ?? .null }

    private static func time(_ instant: Instant?) -> AuditJSON {
        instant.map { .string(isoTime($0)) } ?? .null
    }

    /// ISO 8601 in UTC with milliseconds only when there are some ("2026-01-01T00:00:00Z").
    static func isoTime(_ instant: Instant) -> String {
        let date = Date(timeIntervalSince1970: Double(instant.milliseconds) / 1000)
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: instant.milliseconds % 1000 != 0)
        return date.formatted(style)
    }

    private static func render(_ fields: [String: AuditJSON]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding these values cannot fail (no non-finite numbers reach it: see AuditJSON.number).
        return (try? encoder.encode(AuditJSON.object(fields))).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// A JSON value, so audit records are built as plain dictionaries: Codable structs would leave nil fields out.
enum AuditJSON: Encodable {
    case string(String), int(Int64), double(Double), bool(Bool), null
    case array([AuditJSON]), object([String: AuditJSON])

    /// A GPU-hour amount or fraction; a non-finite value (which validation refuses) is written as null, since
    /// JSONEncoder refuses to encode it.
    static func number(_ value: Double) -> AuditJSON { value.isFinite ? .double(value) : .null }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let v): try c.encode(v)
        case .int(let v): try c.encode(v)
        case .double(let v): try c.encode(v)
        case .bool(let v): try c.encode(v)
        case .null: try c.encodeNil()
        case .array(let v): try c.encode(v)
        case .object(let v): try c.encode(v)
        }
    }
}
