import SchedulerProtocol

/// The stable JSON shape of a funding scheme's own budget and use (`usage?scheme=`, `aisubmit usage --scheme`).
/// Budget fields are null when the scheme has no active budget period of its own.
public struct SchemeUsageJSON: Encodable {
    public let info: SchemeUsageInfo

    public init(info: SchemeUsageInfo) {
        self.info = info
    }

    enum Keys: String, CodingKey {
        case scheme, hasBudget, periodStart, periodEnd, budgetGPUHours, usedGPUHours, remainingGPUHours
        case burnGPUHoursPerDay, exhaustion, runningJobs, gpusInUse
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        let b = info.hasBudget_p
        try c.encode(info.scheme, forKey: .scheme)
        try c.encode(b, forKey: .hasBudget)
        try c.encode(b ? JobJSON.time(info.periodStartMs) : nil, forKey: .periodStart)
        try c.encode(b ? JobJSON.time(info.periodEndMs) : nil, forKey: .periodEnd)
        try c.encode(b ? Double(info.budgetMilliGpuHours) / 1000 : nil, forKey: .budgetGPUHours)
        try c.encode(b ? Double(info.usedMilliGpuHours) / 1000 : nil, forKey: .usedGPUHours)
        try c.encode(b ? Double(info.remainingMilliGpuHours) / 1000 : nil, forKey: .remainingGPUHours)
        try c.encode(b ? Double(info.burnMilliGpuHoursPerDay) / 1000 : nil, forKey: .burnGPUHoursPerDay)
        try c.encode(b ? JobJSON.time(info.exhaustionMs) : nil, forKey: .exhaustion)
        try c.encode(info.runningJobs, forKey: .runningJobs)
        try c.encode(info.gpusInUse, forKey: .gpusInUse)
    }
}

/// A scheme's usage as a whole (`usage?scheme=`, `aisubmit usage --scheme S --json`): the scheme's own line and its
/// projects'.
public struct UsageReportJSON: Encodable {
    public let projects: [UsageJSON]
    public let schemes: [SchemeUsageJSON]

    public init(_ report: UsageReport) {
        projects = report.projects.map(UsageJSON.init)
        schemes = report.schemes.map(SchemeUsageJSON.init)
    }
}
