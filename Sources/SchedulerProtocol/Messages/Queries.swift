extension QueryJobs {
    /// `job_ids`, its Swift name from before the .proto (abbreviations in capitals).
    public var jobIDs: [UInt64] {
        get { jobIds }
        set { jobIds = newValue }
    }
}

extension JobList {
    public init(jobs: [JobInfo] = []) {
        self.init()
        self.jobs = jobs
    }
}

extension JobIDList {
    public init(jobIDs: [UInt64] = [], tasks: [String] = []) {
        self.init()
        self.jobIDs = jobIDs
        self.tasks = tasks
    }
    /// `job_ids`, its Swift name from before the .proto (abbreviations in capitals).
    public var jobIDs: [UInt64] {
        get { jobIds }
        set { jobIds = newValue }
    }
}

extension JobActionResult {
    public init(jobID: UInt64, ok: Bool, message: String = "") {
        self.init()
        self.jobID = jobID
        self.ok = ok
        self.message = message
    }
}

extension JobActionReply {
    public init(results: [JobActionResult] = []) {
        self.init()
        self.results = results
    }
}
