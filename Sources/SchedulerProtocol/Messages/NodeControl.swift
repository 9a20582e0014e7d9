/// Payload of `nodeControl` (kind 32, admin token only): drain, resume or set down nodes, as Slurm's
/// `scontrol update NodeName=… State=DRAIN|RESUME|DOWN Reason=…`.
public struct NodeControlRequest: Sendable, Equatable {
    public var names: [String] = []  // 1: the nodes; an unknown one refuses the whole request
    /// 2: "drain", "resume" or "down".
    public var action: String = ""
    /// 3: why; required for drain and down, refused for resume. One line, at most 512 bytes.
    public var reason: String = ""
    public init(names: [String] = [], action: String = "", reason: String = "") {
        self.names = names
        self.action = action
        self.reason = reason
    }
}

/// Payload of `nodeControlReply` (kind 33): the nodes as they are now and the audit records of the change.
public struct NodeControlReply: Sendable, Equatable {
    public var nodes: [NodeInfo] = []          // 1 (repeated message): sorted by name
    public var entries: [AuditEntryInfo] = []  // 2 (repeated message): one per node, in the same order
    public init(nodes: [NodeInfo] = [], entries: [AuditEntryInfo] = []) {
        self.nodes = nodes
        self.entries = entries
    }
}

// MARK: - Wire encoding (field numbers as documented above)

extension NodeControlRequest: WireMessage {
    public init() { self.init(names: []) }

    public func encode(to writer: inout WireWriter) {
        writer.write(names, field: 1)
        writer.write(action, field: 2)
        writer.write(reason, field: 3)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: names.append(try reader.readString(wireType))
        case 2: action = try reader.readString(wireType)
        case 3: reason = try reader.readString(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension NodeControlReply: WireMessage {
    public init() { self.init(nodes: []) }

    public func encode(to writer: inout WireWriter) {
        writer.writeMessages(nodes, field: 1)
        writer.writeMessages(entries, field: 2)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: nodes.append(try reader.readMessage(wireType, as: NodeInfo.self))
        case 2: entries.append(try reader.readMessage(wireType, as: AuditEntryInfo.self))
        default: try reader.skip(wireType)
        }
    }
}
