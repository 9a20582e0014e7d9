/// Payload of `fundingReport` (admin only): GPU-hours a scheme's projects used, for its funder.
public struct FundingReportRequest: Sendable, Equatable {
    public var scheme: String = "" // 1: required
    public var fromMs: Int64 = 0   // 2: start of the report, inclusive (ms since the Unix epoch)
    public var toMs: Int64 = 0     // 3: end of the report, exclusive; must be after fromMs
    public init() {}
    public init(scheme: String, fromMs: Int64, toMs: Int64) {
        self.scheme = scheme
        self.fromMs = fromMs
        self.toMs = toMs
    }
}

/// GPU-hours one user used for one project in one period, within the report's window. The periods are the project's
/// budget periods (else the scheme's) cut to the window; where none covers a stretch of the window, that stretch is
/// its own row period, so every charged GPU-hour is in exactly one row.
public struct FundingReportRow: Sendable, Equatable {
    public var scheme: String = ""       // 1
    public var project: String = ""      // 2
    public var user: String = ""         // 3
    public var periodStartMs: Int64 = 0  // 4
    public var periodEndMs: Int64 = 0    // 5
    public var milliGPUHours: UInt64 = 0 // 6: all charged usage, every QoS, after its multiplier
    public var jobs: UInt32 = 0          // 7: distinct jobs charged in the row
    public init() {}
}

/// Payload of `fundingReportRows`: sorted by project, user, then period start.
public struct FundingReportRows: Sendable, Equatable {
    public var rows: [FundingReportRow] = [] // 1
    public init() {}
    public init(rows: [FundingReportRow]) { self.rows = rows }
}

// MARK: - Wire encoding (field numbers as documented above)

extension FundingReportRequest: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(scheme, field: 1)
        writer.write(fromMs, field: 2)
        writer.write(toMs, field: 3)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: scheme = try reader.readString(wireType)
        case 2: fromMs = try reader.readInt64(wireType)
        case 3: toMs = try reader.readInt64(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension FundingReportRow: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(scheme, field: 1)
        writer.write(project, field: 2)
        writer.write(user, field: 3)
        writer.write(periodStartMs, field: 4)
        writer.write(periodEndMs, field: 5)
        writer.write(milliGPUHours, field: 6)
        writer.write(jobs, field: 7)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: scheme = try reader.readString(wireType)
        case 2: project = try reader.readString(wireType)
        case 3: user = try reader.readString(wireType)
        case 4: periodStartMs = try reader.readInt64(wireType)
        case 5: periodEndMs = try reader.readInt64(wireType)
        case 6: milliGPUHours = try reader.readUInt64(wireType)
        case 7: jobs = try reader.readUInt32(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension FundingReportRows: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.writeMessages(rows, field: 1)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: rows.append(try reader.readMessage(wireType, as: FundingReportRow.self))
        default: try reader.skip(wireType)
        }
    }
}
