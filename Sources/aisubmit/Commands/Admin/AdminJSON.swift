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
