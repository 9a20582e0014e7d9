extension BudgetPeriodInfo {
    public init(startMs: Int64, endMs: Int64, milliGPUHours: UInt64, rollover: Bool = false) {
        self.init()
        self.startMs = startMs
        self.endMs = endMs
        self.milliGPUHours = milliGPUHours
        self.rollover = rollover
    }
    /// `milli_gpu_hours`, its Swift name from before the .proto (abbreviations in capitals).
    public var milliGPUHours: UInt64 {
        get { milliGpuHours }
        set { milliGpuHours = newValue }
    }
}

extension LimitsInfo {
    public static func limit<T: FixedWidthInteger & UnsignedInteger>(_ plusOne: T) -> T? { plusOne == 0 ? nil : plusOne - 1 }

    /// The plus-one field for a limit (nil: none). The largest value saturates (it cannot be told from the one
    /// below it, and no cluster comes near either).
    public static func plusOne<T: FixedWidthInteger & UnsignedInteger>(_ limit: T?) -> T {
        guard let limit else { return 0 }
        return limit == .max ? .max : limit + 1
    }
    /// `max_gpus_in_use_plus_one`, its Swift name from before the .proto (abbreviations in capitals).
    public var maxGPUsInUsePlusOne: UInt32 {
        get { maxGpusInUsePlusOne }
        set { maxGpusInUsePlusOne = newValue }
    }
    /// `max_gpus_per_job_plus_one`, its Swift name from before the .proto (abbreviations in capitals).
    public var maxGPUsPerJobPlusOne: UInt32 {
        get { maxGpusPerJobPlusOne }
        set { maxGpusPerJobPlusOne = newValue }
    }
    /// `allowed_gpu_models`, its Swift name from before the .proto (abbreviations in capitals).
    public var allowedGPUModels: [String] {
        get { allowedGpuModels }
        set { allowedGpuModels = newValue }
    }
}

extension QoSInfo {
    /// `max_gpus_in_use_per_project_plus_one`, its Swift name from before the .proto (abbreviations in capitals).
    public var maxGPUsInUsePerProjectPlusOne: UInt32 {
        get { maxGpusInUsePerProjectPlusOne }
        set { maxGpusInUsePerProjectPlusOne = newValue }
    }
    /// `max_milli_gpu_hours_per_period_plus_one`, its Swift name from before the .proto (abbreviations in capitals).
    public var maxMilliGPUHoursPerPeriodPlusOne: UInt64 {
        get { maxMilliGpuHoursPerPeriodPlusOne }
        set { maxMilliGpuHoursPerPeriodPlusOne = newValue }
    }
}
