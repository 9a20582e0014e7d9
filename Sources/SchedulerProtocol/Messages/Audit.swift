/// Payload of `listAudit` (admin only): a page of the append-only audit log of account and QoS changes.
public struct ListAudit: Sendable, Equatable {
    public var afterSeq: UInt64 = 0  // 1: paging: only entries with a larger sequence number
    public var limit: UInt32 = 0     // 2: at most this many (0 = the server's page size)
    public var subject: String = ""  // 3: e.g. "project hku-nlp", "qos high"; "" = all
    public init() {}
    public init(afterSeq: UInt64 = 0, limit: UInt32 = 0, subject: String = "") {
        self.afterSeq = afterSeq
        self.limit = limit
        self.subject = subject
    }
}

/// One audit-log entry: who changed what, when, with the entity before and after. One admin request can write
/// several entries (creating a user also changes the project it joins), all with the same `atMs` and `actor`.
public struct AuditEntryInfo: Sendable, Equatable {
    public var seq: UInt64 = 0        // 1: increasing, never reused
    public var atMs: Int64 = 0        // 2: ms since the Unix epoch
    public var actor: String = ""     // 3: the user of the admin token
    public var action: String = ""    // 4: e.g. "update-project", "qos-update", "import"
    public var subject: String = ""   // 5: e.g. "project hku-nlp"
    public var before: String = ""    // 6: JSON text with sorted keys, for people; "" = did not exist
    public var after: String = ""     // 7: likewise; "" = deleted
    public init() {}
}

/// Payload of `auditList` (answer to `listAudit`), and of `accountChangeReply` and `qosUpdateReply` (the entries the
/// change wrote; `more` is false there).
public struct AuditList: Sendable, Equatable {
    public var entries: [AuditEntryInfo] = [] // 1: in sequence order
    public var more: Bool = false             // 2: more match; ask again with afterSeq = the last seq of this page
    public init() {}
    public init(entries: [AuditEntryInfo], more: Bool = false) {
        self.entries = entries
        self.more = more
    }
}

// MARK: - Wire encoding (field numbers as documented above)

extension ListAudit: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(afterSeq, field: 1)
        writer.write(limit, field: 2)
        writer.write(subject, field: 3)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: afterSeq = try reader.readUInt64(wireType)
        case 2: limit = try reader.readUInt32(wireType)
        case 3: subject = try reader.readString(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension AuditEntryInfo: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(seq, field: 1)
        writer.write(atMs, field: 2)
        writer.write(actor, field: 3)
        writer.write(action, field: 4)
        writer.write(subject, field: 5)
        writer.write(before, field: 6)
        writer.write(after, field: 7)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: seq = try reader.readUInt64(wireType)
        case 2: atMs = try reader.readInt64(wireType)
        case 3: actor = try reader.readString(wireType)
        case 4: action = try reader.readString(wireType)
        case 5: subject = try reader.readString(wireType)
        case 6: before = try reader.readString(wireType)
        case 7: after = try reader.readString(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension AuditList: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.writeMessages(entries, field: 1)
        writer.write(more, field: 2)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: entries.append(try reader.readMessage(wireType, as: AuditEntryInfo.self))
        case 2: more = try reader.readBool(wireType)
        default: try reader.skip(wireType)
        }
    }
}
