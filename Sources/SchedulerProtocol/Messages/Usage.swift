extension QueryUsage {
    public init(project: String = "", user: String = "") {
        self.init()
        self.project = project
        self.user = user
    }
}

extension ProjectUsageInfo {
    /// `has_budget`: swift-protobuf names it `hasBudget_p`, since `has…` is how it spells field presence.
    public var hasBudget: Bool {
        get { hasBudget_p }
        set { hasBudget_p = newValue }
    }
    /// `budget_milli_gpu_hours`, its Swift name from before the .proto (abbreviations in capitals).
    public var budgetMilliGPUHours: UInt64 {
        get { budgetMilliGpuHours }
        set { budgetMilliGpuHours = newValue }
    }
    /// `used_milli_gpu_hours`, its Swift name from before the .proto (abbreviations in capitals).
    public var usedMilliGPUHours: UInt64 {
        get { usedMilliGpuHours }
        set { usedMilliGpuHours = newValue }
    }
    /// `remaining_milli_gpu_hours`, its Swift name from before the .proto (abbreviations in capitals).
    public var remainingMilliGPUHours: Int64 {
        get { remainingMilliGpuHours }
        set { remainingMilliGpuHours = newValue }
    }
    /// `burn_milli_gpu_hours_per_day`, its Swift name from before the .proto (abbreviations in capitals).
    public var burnMilliGPUHoursPerDay: UInt64 {
        get { burnMilliGpuHoursPerDay }
        set { burnMilliGpuHoursPerDay = newValue }
    }
}

extension UsageReport {
    public init(projects: [ProjectUsageInfo]) {
        self.init()
        self.projects = projects
    }
}
