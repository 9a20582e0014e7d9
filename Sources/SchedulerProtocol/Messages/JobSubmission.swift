extension JobSubmission {
    /// `memory_mb_per_node`, its Swift name from before the .proto (abbreviations in capitals).
    public var memoryMBPerNode: UInt64 {
        get { memoryMbPerNode }
        set { memoryMbPerNode = newValue }
    }
}

extension SubmitJobReply {
    public init(jobID: UInt64) {
        self.init()
        self.jobID = jobID
    }
}

extension JobSubmission {
    /// What a queue listing keeps of a submission (`QueryJobs.summary`): everything but the command, the script and
    /// the environments.
    public mutating func summarize() {
        argv = []
        script = ""
        environment = []
        inheritedEnvironment = []
    }
}
