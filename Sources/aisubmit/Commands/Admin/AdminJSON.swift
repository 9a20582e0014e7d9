import AischedClient
import Foundation
import SchedulerProtocol

// The stable JSON shapes of accounts, QoS levels and audit entries (`--json`). Field names are a public interface:
// add, never rename. GPU-hours and fractions are plain numbers (the wire's integers divided back), times ISO 8601
// in UTC, and absent values `null`, never omitted (Optional properties are encoded explicitly for that reason).

struct BudgetJSON: Encodable {
    let start: String?
    /// Exclusive: the first instant after the period.
    let end: String?
    let gpuHours: Double
    let rollover: Bool

    init(_ b: BudgetPeriodInfo) {
        start = JobJSON.time(b.startMs)
        end = JobJSON.time(b.endMs)
        gpuHours = Double(b.milliGPUHours) / 1000
        rollover = b.rollover
    }
}

struct LimitsJSON: Encodable {
    let maxGPUsInUse: UInt32?
    let maxRunningJobs: UInt32?
    let maxGPUsPerJob: UInt32?
    let allowedGPUModels: [String]

    init(_ l: LimitsInfo) {
        maxGPUsInUse = LimitsInfo.limit(l.maxGPUsInUsePlusOne)
        maxRunningJobs = LimitsInfo.limit(l.maxRunningJobsPlusOne)
        maxGPUsPerJob = LimitsInfo.limit(l.maxGPUsPerJobPlusOne)
        allowedGPUModels = l.allowedGPUModels
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(maxGPUsInUse, forKey: .maxGPUsInUse)
        try c.encode(maxRunningJobs, forKey: .maxRunningJobs)
        try c.encode(maxGPUsPerJob, forKey: .maxGPUsPerJob)
        try c.encode(allowedGPUModels, forKey: .allowedGPUModels)
    }

    enum CodingKeys: String, CodingKey { case maxGPUsInUse, maxRunningJobs, maxGPUsPerJob, allowedGPUModels }
}

struct SchemeJSON: Encodable {
    let info: SchemeInfo

    enum Keys: String, CodingKey { case name, displayName, shares, budgets, limits, expires }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(info.name, forKey: .name)
        try c.encode(info.displayName, forKey: .displayName)
        try c.encode(info.shares, forKey: .shares)
        try c.encode(info.budgets.map(BudgetJSON.init), forKey: .budgets)
        try c.encode(LimitsJSON(info.limits), forKey: .limits)
        try c.encode(JobJSON.time(info.expiresMs), forKey: .expires)
    }
}

struct ProjectJSON: Encodable {
    let info: ProjectInfo

    enum Keys: String, CodingKey { case name, scheme, displayName, shares, members, memberShares, budgets, limits, expires }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(info.name, forKey: .name)
        try c.encode(info.scheme, forKey: .scheme)
        try c.encode(info.displayName, forKey: .displayName)
        try c.encode(info.shares, forKey: .shares)
        try c.encode(info.members, forKey: .members)
        // Every member with their weight, the default 1 included, so scripts need not know the default.
        let shares = Dictionary(info.memberShares.map { ($0.user, $0.shares) }, uniquingKeysWith: { _, last in last })
        try c.encode(Dictionary(uniqueKeysWithValues: Set(info.members).map { ($0, shares[$0] ?? 1) }), forKey: .memberShares)
        try c.encode(info.budgets.map(BudgetJSON.init), forKey: .budgets)
        try c.encode(LimitsJSON(info.limits), forKey: .limits)
        try c.encode(JobJSON.time(info.expiresMs), forKey: .expires)
    }
}

struct UserJSON: Encodable {
    let name: String
    let defaultProject: String
    let projects: [String]

    init(_ u: UserInfo) {
        name = u.name
        defaultProject = u.defaultProject
        projects = u.projects
    }
}

struct QoSJSON: Encodable {
    let info: QoSInfo

    enum Keys: String, CodingKey {
        case name, priority, chargeMultiplier, countsAgainstBudget, preemptible, idleCapacityOnly, maxWalltimeSeconds
        case maxGPUsInUsePerProject, maxGPUHoursPerPeriod
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(info.name, forKey: .name)
        try c.encode(Double(info.priorityMillionths) / 1_000_000, forKey: .priority)
        try c.encode(Double(info.chargeMultiplierMillionths) / 1_000_000, forKey: .chargeMultiplier)
        try c.encode(info.countsAgainstBudget, forKey: .countsAgainstBudget)
        try c.encode(info.preemptible, forKey: .preemptible)
        try c.encode(info.idleCapacityOnly, forKey: .idleCapacityOnly)
        try c.encode(info.maxWalltimeSeconds == 0 ? nil : info.maxWalltimeSeconds, forKey: .maxWalltimeSeconds)
        try c.encode(LimitsInfo.limit(info.maxGPUsInUsePerProjectPlusOne), forKey: .maxGPUsInUsePerProject)
        try c.encode(LimitsInfo.limit(info.maxMilliGPUHoursPerPeriodPlusOne).map { Double($0) / 1000 },
                     forKey: .maxGPUHoursPerPeriod)
    }
}

/// An audit entry; `before` and `after` are the server's JSON objects embedded as JSON (null: did not exist).
struct AuditEntryJSON: Encodable {
    let seq: UInt64
    let time: String?
    let actor: String
    let action: String
    let subject: String
    let before: JSONValue?
    let after: JSONValue?

    init(_ e: AuditEntryInfo) {
        seq = e.seq
        time = JobJSON.time(e.atMs)
        actor = e.actor
        action = e.action
        subject = e.subject
        before = JSONValue.parse(e.before)
        after = JSONValue.parse(e.after)
    }

    enum CodingKeys: String, CodingKey { case seq, time, actor, action, subject, before, after }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(seq, forKey: .seq)
        try c.encode(time, forKey: .time)
        try c.encode(actor, forKey: .actor)
        try c.encode(action, forKey: .action)
        try c.encode(subject, forKey: .subject)
        try c.encode(before, forKey: .before)
        try c.encode(after, forKey: .after)
    }
}

/// Any JSON value, to carry the audit log's JSON text through to `--json` output (and to compare fields in text).
enum JSONValue: Codable, Equatable {
    case string(String), number(Double), bool(Bool), null
    case array([JSONValue]), object([String: JSONValue])

    /// nil for "" (the entity did not exist); text that is not JSON is kept as a string, not dropped.
    static func parse(_ text: String) -> JSONValue? {
        guard !text.isEmpty else { return nil }
        return (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .string(text)
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let v = try? c.decode(Bool.self) { self = .bool(v) }
        else if let v = try? c.decode(Double.self) { self = .number(v) }
        else if let v = try? c.decode(String.self) { self = .string(v) }
        else if let v = try? c.decode([JSONValue].self) { self = .array(v) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let v): try c.encode(v)
        case .number(let v): try c.encode(v)
        case .bool(let v): try c.encode(v)
        case .null: try c.encodeNil()
        case .array(let v): try c.encode(v)
        case .object(let v): try c.encode(v)
        }
    }

    /// Compact JSON text with sorted keys, for one field in a line of text.
    var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
    }
}
