extension NodeAllocationInfo {
    /// `memory_mb`, its Swift name from before the .proto (abbreviations in capitals).
    public var memoryMB: UInt64 {
        get { memoryMb }
        set { memoryMb = newValue }
    }
}

extension StateChangeInfo {
    public init(atMs: Int64, state: String, reason: String) {
        self.init()
        self.atMs = atMs
        self.state = state
        self.reason = reason
    }
}

extension JobInfo {
    /// `has_exit_code`: swift-protobuf names it `hasExitCode_p`, since `has…` is how it spells field presence.
    public var hasExitCode: Bool {
        get { hasExitCode_p }
        set { hasExitCode_p = newValue }
    }
}
