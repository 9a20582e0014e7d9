import SchedulerCore
import SchedulerProtocol

/// Translations between the account, QoS, audit, usage and priority messages (kinds 80–93) and the core's models,
/// as pure functions, so the request handlers only fetch, decide and commit.
///
/// The wire has no floating point: GPU-hours are thousandths and fractions millionths, rounded to the nearest and
/// clamped to the field's range (a Double that is not finite becomes 0). Instants are ms since the epoch, and an
/// expiry of 0 on the wire means none. Reports, audit JSON and priorities are in AccountWireMapping+Reports.swift.
enum AccountWireMapping {
    // MARK: Units

    /// GPU-hours to thousandths, rounded; negative amounts become 0.
    static func milli(_ gpuHours: Double) -> UInt64 { clampedUInt64((gpuHours * 1000).rounded()) }

    /// GPU-hours to thousandths that may be negative (a budget's remaining hours after an overrun).
    static func signedMilli(_ gpuHours: Double) -> Int64 {
        let value = (gpuHours * 1000).rounded()
        guard value.isFinite else { return 0 }
        // Int64.max is not representable as a Double; 2^63 is the first value that does not fit.
        if value >= 9_223_372_036_854_775_808.0 { return .max }
        if value <= -9_223_372_036_854_775_808.0 { return .min }
        return Int64(value)
    }

    static func gpuHours(milli: UInt64) -> Double { Double(milli) / 1000 }

    /// A fraction to millionths (0.5 → 500000), for factors in [0, 1] and multipliers.
    static func millionths(_ fraction: Double) -> UInt32 {
        UInt32(clamping: clampedUInt64((fraction * 1_000_000).rounded()))
    }

    static func fraction(millionths: UInt32) -> Double { Double(millionths) / 1_000_000 }

    static func clampedUInt64(_ value: Double) -> UInt64 {
        guard value.isFinite, value > 0 else { return 0 }
        // 2^64 is the first Double above UInt64.max; converting it would trap.
        return value >= 18_446_744_073_709_551_616.0 ? .max : UInt64(value)
    }

    static func expiresMs(_ instant: Instant?) -> Int64 { instant?.milliseconds ?? 0 }

    static func instant(expiresMs: Int64) -> Instant? { expiresMs == 0 ? nil : Instant(milliseconds: expiresMs) }

    // MARK: Budgets and limits

    static func budgetPeriodInfo(_ p: BudgetPeriod) -> BudgetPeriodInfo {
        BudgetPeriodInfo(startMs: p.start.milliseconds, endMs: p.end.milliseconds, milliGPUHours: milli(p.gpuHours),
                         rollover: p.rollover)
    }

    static func budgetPeriod(_ info: BudgetPeriodInfo) -> BudgetPeriod {
        BudgetPeriod(start: Instant(milliseconds: info.startMs), end: Instant(milliseconds: info.endMs),
                     gpuHours: gpuHours(milli: info.milliGPUHours), rollover: info.rollover)
    }

    static func limitsInfo(_ l: AccountLimits) -> LimitsInfo {
        // Validated limits are never negative; clamping keeps a bad stored value from trapping.
        func plusOne(_ limit: Int?) -> UInt32 { LimitsInfo.plusOne(limit.map { UInt32(clamping: max(0, $0)) }) }
        var info = LimitsInfo()
        info.maxGPUsInUsePlusOne = plusOne(l.maxGPUsInUse)
        info.maxRunningJobsPlusOne = plusOne(l.maxRunningJobs)
        info.maxGPUsPerJobPlusOne = plusOne(l.maxGPUsPerJob)
        info.allowedGPUModels = l.allowedGPUModels
        return info
    }

    static func limits(_ info: LimitsInfo) -> AccountLimits {
        func limit(_ plusOne: UInt32) -> Int? { LimitsInfo.limit(plusOne).map { Int($0) } }
        return AccountLimits(maxGPUsInUse: limit(info.maxGPUsInUsePlusOne),
                             maxRunningJobs: limit(info.maxRunningJobsPlusOne),
                             maxGPUsPerJob: limit(info.maxGPUsPerJobPlusOne),
                             allowedGPUModels: info.allowedGPUModels)
    }

    // MARK: Schemes, projects, users

    static func schemeInfo(_ s: FundingScheme) -> SchemeInfo {
        var info = SchemeInfo()
        info.name = s.name
        info.displayName = s.displayName
        info.shares = UInt32(clamping: s.shares)
        info.budgets = s.budgets.sorted { $0.start < $1.start }.map(budgetPeriodInfo)
        info.limits = limitsInfo(s.limits)
        info.expiresMs = expiresMs(s.expires)
        return info
    }

    /// Shares of 0 pass through unchanged: the registry refuses them with a message that names the account.
    static func scheme(_ info: SchemeInfo) -> FundingScheme {
        FundingScheme(name: info.name, displayName: info.displayName, shares: Int(info.shares),
                      budgets: info.budgets.map(budgetPeriod), limits: limits(info.limits),
                      expires: instant(expiresMs: info.expiresMs))
    }

    static func projectInfo(_ p: Project) -> ProjectInfo {
        var info = ProjectInfo()
        info.name = p.name
        info.scheme = p.scheme
        info.displayName = p.displayName
        info.shares = UInt32(clamping: p.shares)
        info.members = p.members
        // Sorted: a dictionary's order changes from run to run, and clients diff what they fetch.
        info.memberShares = p.memberShares.sorted { $0.key < $1.key }
            .map { MemberShareInfo(user: $0.key, shares: UInt32(clamping: $0.value)) }
        info.budgets = p.budgets.sorted { $0.start < $1.start }.map(budgetPeriodInfo)
        info.limits = limitsInfo(p.limits)
        info.expiresMs = expiresMs(p.expires)
        return info
    }

    /// A member listed twice in `memberShares` gets the last value, as a repeated protobuf map entry would.
    static func project(_ info: ProjectInfo) -> Project {
        var shares: [String: Int] = [:]
        for entry in info.memberShares { shares[entry.user] = Int(entry.shares) }
        return Project(name: info.name, scheme: info.scheme, displayName: info.displayName, shares: Int(info.shares),
                       members: info.members, memberShares: shares, budgets: info.budgets.map(budgetPeriod),
                       limits: limits(info.limits), expires: instant(expiresMs: info.expiresMs))
    }

    /// `projects` is filled in from the registry: it is read-only on the wire.
    static func userInfo(_ u: UserAccount, in registry: AccountRegistry) -> UserInfo {
        UserInfo(name: u.name, defaultProject: u.defaultProject, projects: registry.projects(of: u.name))
    }

    /// Ignores `info.projects`: membership changes through projects and add/remove-member, never through a user.
    static func user(_ info: UserInfo) -> UserAccount {
        UserAccount(name: info.name, defaultProject: info.defaultProject)
    }

    // MARK: QoS

    static func qosInfo(_ qos: QoS, _ p: QoSPolicy) -> QoSInfo {
        var info = QoSInfo()
        info.name = qos.rawValue
        info.priorityMillionths = millionths(p.priority)
        info.chargeMultiplierMillionths = millionths(p.chargeMultiplier)
        info.countsAgainstBudget = p.countsAgainstBudget
        info.preemptible = p.preemptible
        info.idleCapacityOnly = p.idleCapacityOnly
        info.maxWalltimeSeconds = UInt64(max(0, (p.maxWalltime?.milliseconds ?? 0) / 1000))
        info.maxGPUsInUsePerProjectPlusOne = LimitsInfo.plusOne(
            p.usageLimit?.maxGPUsInUsePerProject.map { UInt32(clamping: max(0, $0)) })
        info.maxMilliGPUHoursPerPeriodPlusOne = LimitsInfo.plusOne(p.usageLimit?.maxGPUHoursPerPeriod.map(milli))
        return info
    }

    /// Every level, in the order of `QoS.allCases` (normal, high, scavenger).
    static func qosInfos(_ table: QoSTable) -> [QoSInfo] { QoS.allCases.map { qosInfo($0, table[$0]) } }

    /// The level and policy a `qosUpdate` sets, or why it cannot: an unknown level, or a priority above 1.
    static func qos(_ info: QoSInfo) -> Result<(QoS, QoSPolicy), ErrorReply> {
        guard let level = QoS(rawValue: info.name.lowercased()) else {
            return .failure(ErrorReply(code: .invalidRequest,
                                       message: "qosUpdate names unknown QoS \"\(info.name)\"",
                                       hint: "use one of: \(QoS.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        guard info.priorityMillionths <= 1_000_000 else {
            return .failure(ErrorReply(code: .invalidRequest,
                                       message: "QoS \(level.rawValue): priority \(fraction(millionths: info.priorityMillionths)) is above 1",
                                       hint: "the QoS priority factor is in [0, 1]"))
        }
        let gpus = LimitsInfo.limit(info.maxGPUsInUsePerProjectPlusOne).map { Int($0) }
        let hours = LimitsInfo.limit(info.maxMilliGPUHoursPerPeriodPlusOne).map { gpuHours(milli: $0) }
        let policy = QoSPolicy(
            priority: fraction(millionths: info.priorityMillionths),
            chargeMultiplier: fraction(millionths: info.chargeMultiplierMillionths),
            countsAgainstBudget: info.countsAgainstBudget, preemptible: info.preemptible,
            idleCapacityOnly: info.idleCapacityOnly,
            maxWalltime: info.maxWalltimeSeconds == 0 ? nil : .seconds(Int64(clamping: info.maxWalltimeSeconds)),
            usageLimit: gpus == nil && hours == nil ? nil
                : QoSUsageLimit(maxGPUsInUsePerProject: gpus, maxGPUHoursPerPeriod: hours))
        return .success((level, policy))
    }
}
