/// Payload of `queryUsage`: where projects stand against their budgets (what `aisubmit usage` shows).
public struct QueryUsage: Sendable, Equatable {
    public var project: String = "" // 1: "" = every project of the user
    public var user: String = ""    // 2: admins only: another user; "" = the token's user
    public init() {}
    public init(project: String = "", user: String = "") {
        self.project = project
        self.user = user
    }
}

/// One project's budget and standing, as of the server's last commit. GPU-hours are thousandths; fractions are
/// millionths.
public struct ProjectUsageInfo: Sendable, Equatable {
    public var project: String = ""                // 1
    public var scheme: String = ""                 // 2
    /// 3: a budget period is active now. False for a project without budget periods (rationed only by its scheme,
    /// if at all) and for one between periods (then `status` says why its jobs wait); fields 4 ... 10 are then 0.
    public var hasBudget: Bool = false
    public var periodStartMs: Int64 = 0            // 4
    public var periodEndMs: Int64 = 0              // 5
    public var budgetMilliGPUHours: UInt64 = 0     // 6: the period's allocation plus what rolled over into it
    public var usedMilliGPUHours: UInt64 = 0       // 7: budget-counted usage in the period
    public var remainingMilliGPUHours: Int64 = 0   // 8 (sint64): negative after an overrun of up to one tick
    public var burnMilliGPUHoursPerDay: UInt64 = 0 // 9: over the server's burn-rate window
    public var exhaustionMs: Int64 = 0             // 10: when the budget runs out at that rate; 0 = not in the period
    public var fairShareMillionths: UInt32 = 0     // 11: the user's Fair Tree factor in this project
    public var runningJobs: UInt32 = 0             // 12: the project's, all users
    public var gpusInUse: UInt32 = 0               // 13
    public var status: String = ""                 // 14: "ok", "BudgetExhausted", "QuotaLimit: …", "expired"
    public init() {}
}

/// Payload of `usageReport`: one entry per project asked about, sorted by project name.
public struct UsageReport: Sendable, Equatable {
    public var projects: [ProjectUsageInfo] = [] // 1
    public init() {}
    public init(projects: [ProjectUsageInfo]) { self.projects = projects }
}

// MARK: - Wire encoding (field numbers as documented above)

extension QueryUsage: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(project, field: 1)
        writer.write(user, field: 2)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: project = try reader.readString(wireType)
        case 2: user = try reader.readString(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension ProjectUsageInfo: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(project, field: 1)
        writer.write(scheme, field: 2)
        writer.write(hasBudget, field: 3)
        writer.write(periodStartMs, field: 4)
        writer.write(periodEndMs, field: 5)
        writer.write(budgetMilliGPUHours, field: 6)
        writer.write(usedMilliGPUHours, field: 7)
        writer.writeZigZag(remainingMilliGPUHours, field: 8)
        writer.write(burnMilliGPUHoursPerDay, field: 9)
        writer.write(exhaustionMs, field: 10)
        writer.write(fairShareMillionths, field: 11)
        writer.write(runningJobs, field: 12)
        writer.write(gpusInUse, field: 13)
        writer.write(status, field: 14)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: project = try reader.readString(wireType)
        case 2: scheme = try reader.readString(wireType)
        case 3: hasBudget = try reader.readBool(wireType)
        case 4: periodStartMs = try reader.readInt64(wireType)
        case 5: periodEndMs = try reader.readInt64(wireType)
        case 6: budgetMilliGPUHours = try reader.readUInt64(wireType)
        case 7: usedMilliGPUHours = try reader.readUInt64(wireType)
        case 8: remainingMilliGPUHours = try reader.readZigZagInt64(wireType)
        case 9: burnMilliGPUHoursPerDay = try reader.readUInt64(wireType)
        case 10: exhaustionMs = try reader.readInt64(wireType)
        case 11: fairShareMillionths = try reader.readUInt32(wireType)
        case 12: runningJobs = try reader.readUInt32(wireType)
        case 13: gpusInUse = try reader.readUInt32(wireType)
        case 14: status = try reader.readString(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension UsageReport: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.writeMessages(projects, field: 1)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: projects.append(try reader.readMessage(wireType, as: ProjectUsageInfo.self))
        default: try reader.skip(wireType)
        }
    }
}
