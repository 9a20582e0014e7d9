extension JobPriorityRequest {
    public init(jobID: UInt64) {
        self.init()
        self.jobID = jobID
    }
}
