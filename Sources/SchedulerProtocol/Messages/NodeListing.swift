/// Payload of `listNodes`: which nodes to describe. Any user or admin may ask: nodes show no job.
public struct ListNodes: Sendable, Equatable {
    /// 1: only these nodes; empty = every node. A name that is not a node is refused with `notFound`.
    public var names: [String] = []
    /// 20: paging: only nodes whose name sorts after this one ("" = from the first).
    public var afterName: String = ""
    public init(names: [String] = []) { self.names = names }
}

/// One node as sinfo would show it: state, why it takes no new jobs, and free over total resources.
/// Free is the total minus what jobs hold on the node (running ones, and ended ones still being stopped).
public struct NodeInfo: Sendable, Equatable {
    public var name: String = ""        // 1
    /// 2: sinfo's long names: idle, mixed, allocated, draining, drained, down.
    public var state: String = ""
    /// 3: its agent has no connection to schedd (sinfo's `*` after the state): no new jobs start there.
    /// Negative so that an absent field means the usual case.
    public var notResponding: Bool = false
    /// 4: why no new jobs start there; "" when they may.
    public var reason: String = ""
    /// 5: a down node: when its agent was last heard from (ms since the Unix epoch); 0 otherwise.
    public var sinceMs: Int64 = 0
    public var gpuModel: String = ""    // 6: "" without GPUs or when the agent named no model
    public var gpusTotal: UInt32 = 0    // 7
    public var gpusFree: UInt32 = 0     // 8
    public var cpusTotal: UInt32 = 0    // 9
    public var cpusFree: UInt32 = 0     // 10
    public var memoryMBTotal: UInt64 = 0 // 11
    public var memoryMBFree: UInt64 = 0  // 12
    public var partitions: [String] = [] // 13: the partitions it is in
    public var features: [String] = []   // 14: its features for --constraint (declared, and GPU model words)
    /// 15: the admin who drained or downed it (sinfo -R's USER); "" otherwise. `reason` holds the admin's words.
    public var reasonBy: String = ""
    /// 16: when the admin did (ms since the Unix epoch, sinfo -R's TIMESTAMP); 0 otherwise.
    public var reasonAtMs: Int64 = 0
    public init() {}
}

/// Payload of `nodeList`.
public struct NodeList: Sendable, Equatable {
    public var nodes: [NodeInfo] = [] // 1 (repeated message): sorted by name
    /// 20: more nodes match: ask again with `afterName` = the last name of this page.
    public var more: Bool = false
    public init(nodes: [NodeInfo] = []) { self.nodes = nodes }
}

// MARK: - Wire encoding (field numbers as documented above)

extension ListNodes: WireMessage {
    public init() { self.init(names: []) }

    public func encode(to writer: inout WireWriter) {
        writer.write(names, field: 1)
        writer.write(afterName, field: 20)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: names.append(try reader.readString(wireType))
        case 20: afterName = try reader.readString(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension NodeInfo: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(name, field: 1)
        writer.write(state, field: 2)
        writer.write(notResponding, field: 3)
        writer.write(reason, field: 4)
        writer.write(sinceMs, field: 5)
        writer.write(gpuModel, field: 6)
        writer.write(gpusTotal, field: 7)
        writer.write(gpusFree, field: 8)
        writer.write(cpusTotal, field: 9)
        writer.write(cpusFree, field: 10)
        writer.write(memoryMBTotal, field: 11)
        writer.write(memoryMBFree, field: 12)
        writer.write(partitions, field: 13)
        writer.write(features, field: 14)
        writer.write(reasonBy, field: 15)
        writer.write(reasonAtMs, field: 16)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: name = try reader.readString(wireType)
        case 2: state = try reader.readString(wireType)
        case 3: notResponding = try reader.readBool(wireType)
        case 4: reason = try reader.readString(wireType)
        case 5: sinceMs = try reader.readInt64(wireType)
        case 6: gpuModel = try reader.readString(wireType)
        case 7: gpusTotal = try reader.readUInt32(wireType)
        case 8: gpusFree = try reader.readUInt32(wireType)
        case 9: cpusTotal = try reader.readUInt32(wireType)
        case 10: cpusFree = try reader.readUInt32(wireType)
        case 11: memoryMBTotal = try reader.readUInt64(wireType)
        case 12: memoryMBFree = try reader.readUInt64(wireType)
        case 13: partitions.append(try reader.readString(wireType))
        case 14: features.append(try reader.readString(wireType))
        case 15: reasonBy = try reader.readString(wireType)
        case 16: reasonAtMs = try reader.readInt64(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension NodeList: WireMessage {
    public init() { self.init(nodes: []) }

    public func encode(to writer: inout WireWriter) {
        writer.writeMessages(nodes, field: 1)
        writer.write(more, field: 20)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: nodes.append(try reader.readMessage(wireType, as: NodeInfo.self))
        case 20: more = try reader.readBool(wireType)
        default: try reader.skip(wireType)
        }
    }
}
