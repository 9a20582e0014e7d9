extension RegisterNode {
    /// `memory_mb`, its Swift name from before the .proto (abbreviations in capitals).
    public var memoryMB: UInt64 {
        get { memoryMb }
        set { memoryMb = newValue }
    }
    /// `running_job_ids`, its Swift name from before the .proto (abbreviations in capitals).
    public var runningJobIDs: [UInt64] {
        get { runningJobIds }
        set { runningJobIds = newValue }
    }
    /// `cpu_ids`, its Swift name from before the .proto (abbreviations in capitals).
    public var cpuIDs: [UInt32] {
        get { cpuIds }
        set { cpuIds = newValue }
    }
}

extension RegisterNodeReply {
    /// `kill_job_ids`, its Swift name from before the .proto (abbreviations in capitals).
    public var killJobIDs: [UInt64] {
        get { killJobIds }
        set { killJobIds = newValue }
    }
}

extension Heartbeat {
    public init(runningJobIDs: [UInt64] = [], runningEpochs: [UInt32] = []) {
        self.init()
        self.runningJobIDs = runningJobIDs
        self.runningEpochs = runningEpochs
    }
    /// `running_job_ids`, its Swift name from before the .proto (abbreviations in capitals).
    public var runningJobIDs: [UInt64] {
        get { runningJobIds }
        set { runningJobIds = newValue }
    }
}

extension LaunchJob {
    /// `memory_mb`, its Swift name from before the .proto (abbreviations in capitals).
    public var memoryMB: UInt64 {
        get { memoryMb }
        set { memoryMb = newValue }
    }
}
