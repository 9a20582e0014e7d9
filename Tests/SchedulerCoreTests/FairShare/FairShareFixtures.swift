@testable import SchedulerCore

/// Time and accounts for the fair-share tests, so each test states only what it is about.
enum FS {
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 24 * hour

    /// The instant `hours` after the epoch.
    static func at(hours: Double) -> Instant { Instant(milliseconds: Int64(hours * Double(hour))) }
    static func at(days: Double) -> Instant { Instant(milliseconds: Int64(days * Double(day))) }
    static func hours(_ h: Double) -> Span { Span(milliseconds: Int64(h * Double(hour))) }
    static func days(_ d: Double) -> Span { Span(milliseconds: Int64(d * Double(day))) }

    static func key(_ user: String, _ project: String) -> UsageKey { UsageKey(project: project, user: user) }

    static func job(_ id: UInt64, project: String = "llm", user: String = "alice", qos: QoS = .normal, gpus: Int = 1,
                    model: String? = nil, cpus: Int = 0, memoryMB: Int64 = 0, startedAt: Instant = .zero) -> ChargeableJob {
        ChargeableJob(id: JobID(id), project: project, user: user, qos: qos,
                      resources: ChargeableResources(gpus: gpus, gpuModel: model, cpus: cpus, memoryMB: memoryMB),
                      startedAt: startedAt)
    }

    /// A scheme `aisp` with project `llm` (alice, bob) and `vision` (alice, carol); alice defaults to llm.
    static let centre = AccountRegistry(
        schemes: [FundingScheme(name: "aisp", displayName: "AI Subsidy", shares: 5)],
        projects: [Project(name: "llm", scheme: "aisp", shares: 2, members: ["alice", "bob"]),
                   Project(name: "vision", scheme: "aisp", shares: 1, members: ["alice", "carol"])],
        users: [UserAccount(name: "alice", defaultProject: "llm"), UserAccount(name: "bob", defaultProject: "llm")])

    /// A charge row built by hand.
    static func charge(_ gpuHours: Double, project: String = "llm", user: String = "alice", qos: QoS = .normal,
                       from: Instant, to: Instant, counts: Bool = true) -> UsageCharge {
        UsageCharge(job: JobID(1), project: project, user: user, qos: qos, from: from, to: to, rate: 0, multiplier: 1,
                    gpuHours: gpuHours, countsAgainstBudget: counts)
    }
}

/// |a − b| within a relative (or, near 0, absolute) tolerance.
func approximately(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
    if a == b { return true }
    return abs(a - b) <= tolerance * max(1, abs(a), abs(b))
}
