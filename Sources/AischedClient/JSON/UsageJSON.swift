import SchedulerProtocol

/// The stable JSON shape of one project's usage (`aisubmit usage --json`). Budget fields are null when the
/// project has no active budget period.
public struct UsageJSON: Encodable {
    public let info: ProjectUsageInfo

    public init(info: ProjectUsageInfo) {
        self.info = info
    }

    enum Keys: String, CodingKey {
        case project, scheme, hasBudget, periodStart, periodEnd, budgetGPUHours, usedGPUHours, remainingGPUHours
        case burnGPUHoursPerDay, exhaustion, fairShare, runningJobs, gpusInUse, status
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        let b = info.hasBudget
        try c.encode(info.project, forKey: .project)
        try c.encode(info.scheme, forKey: .scheme)
        try c.encode(b, forKey: .hasBudget)
        try c.encode(b ? JobJSON.time(info.periodStartMs) : nil, forKey: .periodStart)
        try c.encode(b ? JobJSON.time(info.periodEndMs) : nil, forKey: .periodEnd)
        try c.encode(b ? Double(info.budgetMilliGPUHours) / 1000 : nil, forKey: .budgetGPUHours)
        try c.encode(b ? Double(info.usedMilliGPUHours) / 1000 : nil, forKey: .usedGPUHours)
        try c.encode(b ? Double(info.remainingMilliGPUHours) / 1000 : nil, forKey: .remainingGPUHours)
        try c.encode(b ? Double(info.burnMilliGPUHoursPerDay) / 1000 : nil, forKey: .burnGPUHoursPerDay)
        try c.encode(b ? JobJSON.time(info.exhaustionMs) : nil, forKey: .exhaustion)
        try c.encode(Double(info.fairShareMillionths) / 1_000_000, forKey: .fairShare)
        try c.encode(info.runningJobs, forKey: .runningJobs)
        try c.encode(info.gpusInUse, forKey: .gpusInUse)
        try c.encode(info.status, forKey: .status)
    }
}
