import SchedulerProtocol

/// The stable JSON shape of one node of the Fair Tree (`fairshare`, `aisubmit share --json`): its path and level,
/// S, U, its decayed usage, LF (null with `usedNothing`, when LF is +∞) and a user's factor (null for accounts).
public struct FairShareLevelJSON: Encodable {
    public let path: [String]
    /// "scheme", "project" or "user".
    public let level: String
    public let sharesNorm: Double
    public let usageNorm: Double
    public let usageGPUHours: Double
    public let levelFairShare: Double?
    public let usedNothing: Bool
    public let factor: Double?

    public init(_ l: FairShareLevelInfo) {
        path = l.path
        level = l.isUser ? "user" : (l.path.count <= 1 ? "scheme" : "project")
        sharesNorm = Double(l.sharesNormMillionths) / 1_000_000
        usageNorm = Double(l.usageNormMillionths) / 1_000_000
        usageGPUHours = Double(l.usageMilliGpuHours) / 1000
        levelFairShare = l.usedNothing ? nil : Double(l.levelFairShareMillionths) / 1_000_000
        usedNothing = l.usedNothing
        factor = l.isUser ? Double(l.factorMillionths) / 1_000_000 : nil
    }

    enum CodingKeys: String, CodingKey {
        case path, level, sharesNorm, usageNorm, usageGPUHours, levelFairShare, usedNothing, factor
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encode(level, forKey: .level)
        try c.encode(sharesNorm, forKey: .sharesNorm)
        try c.encode(usageNorm, forKey: .usageNorm)
        try c.encode(usageGPUHours, forKey: .usageGPUHours)
        try c.encode(levelFairShare, forKey: .levelFairShare)
        try c.encode(usedNothing, forKey: .usedNothing)
        try c.encode(factor, forKey: .factor)
    }
}
