/// Payload of `jobPriority`: why a pending job is where it is in the queue (`aisubmit priority JOB`). A user token
/// may ask about its own jobs only; a job that is not pending is answered with `conflict`.
public struct JobPriorityRequest: Sendable, Equatable {
    public var jobID: UInt64 = 0 // 1
    public init() {}
    public init(jobID: UInt64) { self.jobID = jobID }
}

/// One term of the multifactor priority (docs/FAIRSHARE.md §8): `weighted = weight × factor`.
public struct PriorityTermInfo: Sendable, Equatable {
    public var name: String = ""              // 1: "fairshare", "age", "size", "qos"
    public var factorMillionths: UInt32 = 0   // 2: the factor, 0 ... 1000000
    public var weight: UInt32 = 0             // 3: the configured weight, rounded to a whole number
    public var weightedMillionths: UInt64 = 0 // 4: weight × factor, in millionths of a priority point
    public var explanation: String = ""       // 5: where the factor comes from, for people
    public init() {}
}

/// Payload of `priorityBreakdown`: a pending job's priority, term by term, and its place in the queue.
public struct PriorityBreakdownInfo: Sendable, Equatable {
    public var jobID: UInt64 = 0               // 1
    public var terms: [PriorityTermInfo] = []  // 2: in the order of the formula
    public var totalMillionths: UInt64 = 0     // 3: the priority (the sum of the terms), in millionths
    public var position: UInt32 = 0            // 4: 1-based place among the pending jobs not held; 0 = held
    public var pendingJobs: UInt32 = 0         // 5: pending jobs in the queue
    public init() {}
}

// MARK: - Wire encoding (field numbers as documented above)

extension JobPriorityRequest: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(jobID, field: 1)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: jobID = try reader.readUInt64(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension PriorityTermInfo: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(name, field: 1)
        writer.write(factorMillionths, field: 2)
        writer.write(weight, field: 3)
        writer.write(weightedMillionths, field: 4)
        writer.write(explanation, field: 5)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: name = try reader.readString(wireType)
        case 2: factorMillionths = try reader.readUInt32(wireType)
        case 3: weight = try reader.readUInt32(wireType)
        case 4: weightedMillionths = try reader.readUInt64(wireType)
        case 5: explanation = try reader.readString(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension PriorityBreakdownInfo: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(jobID, field: 1)
        writer.writeMessages(terms, field: 2)
        writer.write(totalMillionths, field: 3)
        writer.write(position, field: 4)
        writer.write(pendingJobs, field: 5)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: jobID = try reader.readUInt64(wireType)
        case 2: terms.append(try reader.readMessage(wireType, as: PriorityTermInfo.self))
        case 3: totalMillionths = try reader.readUInt64(wireType)
        case 4: position = try reader.readUInt32(wireType)
        case 5: pendingJobs = try reader.readUInt32(wireType)
        default: try reader.skip(wireType)
        }
    }
}
