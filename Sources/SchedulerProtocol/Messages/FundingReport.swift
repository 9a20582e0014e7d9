extension FundingReportRequest {
    public init(scheme: String, fromMs: Int64, toMs: Int64) {
        self.init()
        self.scheme = scheme
        self.fromMs = fromMs
        self.toMs = toMs
    }
}

extension FundingReportRow {
    /// `milli_gpu_hours`, its Swift name from before the .proto (abbreviations in capitals).
    public var milliGPUHours: UInt64 {
        get { milliGpuHours }
        set { milliGpuHours = newValue }
    }
}

extension FundingReportRows {
    public init(rows: [FundingReportRow]) {
        self.init()
        self.rows = rows
    }
}
