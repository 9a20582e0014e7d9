/// Hard limits on what an account (a funding scheme or a project) may hold at once. nil means "no limit".
///
/// A scheme's limits apply to the sum over all its projects, on top of each project's own limits. Every QoS obeys
/// them, scavenger included: scavenger is exempt from budgets, not from limits (see docs/FAIRSHARE.md §6).
public struct AccountLimits: Hashable, Sendable, Codable {
    /// GPUs held by the account's running jobs.
    public var maxGPUsInUse: Int?
    /// Jobs of the account running at once.
    public var maxRunningJobs: Int?
    /// GPUs one job may ask for (all its nodes together).
    public var maxGPUsPerJob: Int?
    /// GPU models the account may run on; empty means any. Matched with `GPUModelName.matches(_:_:)`.
    public var allowedGPUModels: [String]

    public init(maxGPUsInUse: Int? = nil, maxRunningJobs: Int? = nil, maxGPUsPerJob: Int? = nil,
                allowedGPUModels: [String] = []) {
        self.maxGPUsInUse = maxGPUsInUse
        self.maxRunningJobs = maxRunningJobs
        self.maxGPUsPerJob = maxGPUsPerJob
        self.allowedGPUModels = allowedGPUModels
    }

    /// No limits at all.
    public static let unlimited = AccountLimits()

    public var isUnlimited: Bool { self == .unlimited }

    /// Whether a job may run on GPUs of `model`. A job that names no model (nil: "any") is permitted here;
    /// placement MUST then only offer it nodes whose model passes this test.
    public func permits(gpuModel model: String?) -> Bool {
        guard let model, !allowedGPUModels.isEmpty else { return true }
        return allowedGPUModels.contains { GPUModelName.matches($0, model) }
    }

    private enum CodingKeys: String, CodingKey { case maxGPUsInUse, maxRunningJobs, maxGPUsPerJob, allowedGPUModels }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(maxGPUsInUse: try c.decodeIfPresent(Int.self, forKey: .maxGPUsInUse),
                  maxRunningJobs: try c.decodeIfPresent(Int.self, forKey: .maxRunningJobs),
                  maxGPUsPerJob: try c.decodeIfPresent(Int.self, forKey: .maxGPUsPerJob),
                  allowedGPUModels: try c.decodeIfPresent([String].self, forKey: .allowedGPUModels) ?? [])
    }
}
