/// One allocation period of a scheme's or project's grant: from `startMs` (inclusive) to `endMs` (exclusive), ms
/// since the Unix epoch. GPU-hours travel as integer thousandths: there is no floating point on the wire, so every
/// language reads the same number.
public struct BudgetPeriodInfo: Sendable, Equatable {
    public var startMs: Int64 = 0           // 1
    public var endMs: Int64 = 0             // 2
    public var milliGPUHours: UInt64 = 0    // 3
    public var rollover: Bool = false       // 4: the unused part carries into the next period
    public init() {}
    public init(startMs: Int64, endMs: Int64, milliGPUHours: UInt64, rollover: Bool = false) {
        self.startMs = startMs
        self.endMs = endMs
        self.milliGPUHours = milliGPUHours
        self.rollover = rollover
    }
}

/// Hard limits of a scheme or project.
///
/// Each count is stored plus one, because writers omit zero: absent or 0 means "no limit", n + 1 means a limit of
/// n. A limit of 0 is meaningful (a suspended project may run nothing), so it cannot share the encoding of "none".
/// Use ``limit(_:)`` and ``plusOne(_:)`` rather than doing the arithmetic by hand.
public struct LimitsInfo: Sendable, Equatable {
    public var maxGPUsInUsePlusOne: UInt32 = 0    // 1
    public var maxRunningJobsPlusOne: UInt32 = 0  // 2
    public var maxGPUsPerJobPlusOne: UInt32 = 0   // 3
    public var allowedGPUModels: [String] = []    // 4: empty = any model
    public init() {}

    /// The limit a plus-one field holds: nil for none.
    public static func limit<T: FixedWidthInteger & UnsignedInteger>(_ plusOne: T) -> T? { plusOne == 0 ? nil : plusOne - 1 }

    /// The plus-one field for a limit (nil: none). The largest value saturates (it cannot be told from the one
    /// below it, and no cluster comes near either).
    public static func plusOne<T: FixedWidthInteger & UnsignedInteger>(_ limit: T?) -> T {
        guard let limit else { return 0 }
        return limit == .max ? .max : limit + 1
    }
}

/// One QoS level's policy (`normal`, `high`, `scavenger`). Fractions are millionths (500000 = 0.5); the usage
/// limits use the plus-one encoding of ``LimitsInfo`` (0 = none, n + 1 = n).
public struct QoSInfo: Sendable, Equatable {
    public var name: String = ""                          // 1
    public var priorityMillionths: UInt32 = 0             // 2: the QoS factor of the priority, 0 ... 1000000
    public var chargeMultiplierMillionths: UInt32 = 0     // 3: 1000000 = full price, 2000000 = double
    public var countsAgainstBudget: Bool = false          // 4
    public var preemptible: Bool = false                  // 5
    public var idleCapacityOnly: Bool = false             // 6
    public var maxWalltimeSeconds: UInt64 = 0             // 7: 0 = no cap
    public var maxGPUsInUsePerProjectPlusOne: UInt32 = 0  // 8
    public var maxMilliGPUHoursPerPeriodPlusOne: UInt64 = 0 // 9
    public init() {}
}

// MARK: - Wire encoding (field numbers as documented above)

extension BudgetPeriodInfo: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(startMs, field: 1)
        writer.write(endMs, field: 2)
        writer.write(milliGPUHours, field: 3)
        writer.write(rollover, field: 4)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: startMs = try reader.readInt64(wireType)
        case 2: endMs = try reader.readInt64(wireType)
        case 3: milliGPUHours = try reader.readUInt64(wireType)
        case 4: rollover = try reader.readBool(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension LimitsInfo: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(maxGPUsInUsePlusOne, field: 1)
        writer.write(maxRunningJobsPlusOne, field: 2)
        writer.write(maxGPUsPerJobPlusOne, field: 3)
        writer.write(allowedGPUModels, field: 4)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: maxGPUsInUsePlusOne = try reader.readUInt32(wireType)
        case 2: maxRunningJobsPlusOne = try reader.readUInt32(wireType)
        case 3: maxGPUsPerJobPlusOne = try reader.readUInt32(wireType)
        case 4: allowedGPUModels.append(try reader.readString(wireType))
        default: try reader.skip(wireType)
        }
    }
}

extension QoSInfo: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(name, field: 1)
        writer.write(priorityMillionths, field: 2)
        writer.write(chargeMultiplierMillionths, field: 3)
        writer.write(countsAgainstBudget, field: 4)
        writer.write(preemptible, field: 5)
        writer.write(idleCapacityOnly, field: 6)
        writer.write(maxWalltimeSeconds, field: 7)
        writer.write(maxGPUsInUsePerProjectPlusOne, field: 8)
        writer.write(maxMilliGPUHoursPerPeriodPlusOne, field: 9)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: name = try reader.readString(wireType)
        case 2: priorityMillionths = try reader.readUInt32(wireType)
        case 3: chargeMultiplierMillionths = try reader.readUInt32(wireType)
        case 4: countsAgainstBudget = try reader.readBool(wireType)
        case 5: preemptible = try reader.readBool(wireType)
        case 6: idleCapacityOnly = try reader.readBool(wireType)
        case 7: maxWalltimeSeconds = try reader.readUInt64(wireType)
        case 8: maxGPUsInUsePerProjectPlusOne = try reader.readUInt32(wireType)
        case 9: maxMilliGPUHoursPerPeriodPlusOne = try reader.readUInt64(wireType)
        default: try reader.skip(wireType)
        }
    }
}
