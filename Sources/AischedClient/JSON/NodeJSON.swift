import SchedulerCore
import SchedulerProtocol

/// The stable JSON shape of a node (`aisubmit nodes --json`). Field names are a public interface: add, never rename.
/// Memory is in MB; absent values are `null`, never omitted.
public struct NodeJSON: Encodable {
    public let name: String
    public let state: String
    public let responding: Bool
    public let reason: String?
    /// The admin who drained or downed the node and when; null otherwise.
    public let reasonBy: String?
    public let reasonAt: String?
    public let since: String?
    public let gpuModel: String?
    public let gpusFree: UInt32
    public let gpusTotal: UInt32
    public let cpusFree: UInt32
    public let cpusTotal: UInt32
    public let memoryMBFree: UInt64
    public let memoryMBTotal: UInt64
    public let partitions: [String]
    public let features: [String]

    public init(_ n: NodeInfo) {
        name = n.name
        state = n.state
        responding = !n.notResponding
        reason = n.reason.isEmpty ? nil : n.reason
        reasonBy = n.reasonBy.isEmpty ? nil : n.reasonBy
        reasonAt = JobJSON.time(n.reasonAtMs)
        since = JobJSON.time(n.sinceMs)
        gpuModel = n.gpuModel.isEmpty ? nil : n.gpuModel
        gpusFree = n.gpusFree
        gpusTotal = n.gpusTotal
        cpusFree = n.cpusFree
        cpusTotal = n.cpusTotal
        memoryMBFree = n.memoryMBFree
        memoryMBTotal = n.memoryMBTotal
        partitions = n.partitions
        features = n.features
    }

    public func encode(to encoder: any Encoder) throws {
        enum Keys: String, CodingKey {
            case name, state, responding, reason, reasonBy, reasonAt, since, gpuModel, gpusFree, gpusTotal, cpusFree, cpusTotal
            case memoryMBFree, memoryMBTotal, partitions, features
        }
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(name, forKey: .name)
        try c.encode(state, forKey: .state)
        try c.encode(responding, forKey: .responding)
        try c.encode(reason, forKey: .reason)
        try c.encode(reasonBy, forKey: .reasonBy)
        try c.encode(reasonAt, forKey: .reasonAt)
        try c.encode(since, forKey: .since)
        try c.encode(gpuModel, forKey: .gpuModel)
        try c.encode(gpusFree, forKey: .gpusFree)
        try c.encode(gpusTotal, forKey: .gpusTotal)
        try c.encode(cpusFree, forKey: .cpusFree)
        try c.encode(cpusTotal, forKey: .cpusTotal)
        try c.encode(memoryMBFree, forKey: .memoryMBFree)
        try c.encode(memoryMBTotal, forKey: .memoryMBTotal)
        try c.encode(partitions, forKey: .partitions)
        try c.encode(features, forKey: .features)
    }
}

/// One group of `aisubmit nodes --summary --json`: a state (with `*` for nodes that do not respond) and GPU model.
public struct NodeSummaryJSON: Encodable {
    public let state: String
    public let gpuModel: String?
    public let nodes: [String]
    public let nodeList: String
    public let gpusFree: UInt64
    public let gpusTotal: UInt64
    public let cpusFree: UInt64
    public let cpusTotal: UInt64
    public let memoryMBFree: UInt64
    public let memoryMBTotal: UInt64

    public init(_ g: NodeSummary) {
        state = g.state
        gpuModel = g.gpuModel.isEmpty ? nil : g.gpuModel
        nodes = g.nodes
        nodeList = Hostlist.compress(g.nodes)
        gpusFree = g.gpusFree
        gpusTotal = g.gpusTotal
        cpusFree = g.cpusFree
        cpusTotal = g.cpusTotal
        memoryMBFree = g.memoryMBFree
        memoryMBTotal = g.memoryMBTotal
    }

    public func encode(to encoder: any Encoder) throws {
        enum Keys: String, CodingKey {
            case state, gpuModel, nodes, nodeList, gpusFree, gpusTotal, cpusFree, cpusTotal, memoryMBFree, memoryMBTotal
        }
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(state, forKey: .state)
        try c.encode(gpuModel, forKey: .gpuModel)
        try c.encode(nodes, forKey: .nodes)
        try c.encode(nodeList, forKey: .nodeList)
        try c.encode(gpusFree, forKey: .gpusFree)
        try c.encode(gpusTotal, forKey: .gpusTotal)
        try c.encode(cpusFree, forKey: .cpusFree)
        try c.encode(cpusTotal, forKey: .cpusTotal)
        try c.encode(memoryMBFree, forKey: .memoryMBFree)
        try c.encode(memoryMBTotal, forKey: .memoryMBTotal)
    }
}

/// One line of `aisubmit nodes -R --json`.
public struct NodeReasonJSON: Encodable {
    public let reason: String
    public let user: String?
    public let timestamp: String?
    public let nodes: [String]
    public let nodeList: String

    public init(_ line: NodeReasonLine) {
        reason = line.reason
        user = line.user.isEmpty ? nil : line.user
        timestamp = JobJSON.time(line.atMs)
        nodes = line.nodes
        nodeList = Hostlist.compress(line.nodes)
    }

    public func encode(to encoder: any Encoder) throws {
        enum Keys: String, CodingKey { case reason, user, timestamp, nodes, nodeList }
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(reason, forKey: .reason)
        try c.encode(user, forKey: .user)
        try c.encode(timestamp, forKey: .timestamp)
        try c.encode(nodes, forKey: .nodes)
        try c.encode(nodeList, forKey: .nodeList)
    }
}
