import Foundation
import SchedulerProtocol

/// The stable JSON shape of a job (`--json`). Field names are a public interface: add, never rename.
/// Times are ISO 8601 in UTC; absent values are `null`, never omitted.
public struct JobJSON: Encodable {
    public let info: JobInfo

    public init(info: JobInfo) {
        self.info = info
    }

    enum Keys: String, CodingKey {
        case id, name, user, project, state, reason, held, submitTime, startTime, endTime, exitCode, signal
        case workdir, stdout, stderr, nodes, cpusPerNode, memoryMBPerNode, gpusPerNode, gpuModel, timeLimitSeconds
        case qos, allocation, history, notes, arrayJobID, arrayTaskID, dependency
        case beginTime, estimatedStartTime, jobsAhead, startsAfter, reservedNodes, preemptedBy, waiting
        case partitions, constraint, exclusive, interactive, completing, comment, nice, requeue, openMode, allMemory
        case wholeCores
        case warningSignal, mailType, mailUser, placement
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        let s = info.submission
        try c.encode(info.id, forKey: .id)
        try c.encode(info.name, forKey: .name)
        try c.encode(info.user, forKey: .user)
        try c.encode(info.project, forKey: .project)
        try c.encode(info.state, forKey: .state)
        try c.encode(info.reason, forKey: .reason)
        try c.encode(info.held, forKey: .held)
        try c.encode(Self.time(info.submitTimeMs), forKey: .submitTime)
        try c.encode(Self.time(info.startTimeMs), forKey: .startTime)
        try c.encode(Self.time(info.endTimeMs), forKey: .endTime)
        try c.encode(info.hasExitCode ? info.exitCode : nil, forKey: .exitCode)
        try c.encode(info.signal == 0 ? nil : info.signal, forKey: .signal)
        try c.encode(info.workdir, forKey: .workdir)
        try c.encode(info.stdoutPath, forKey: .stdout)
        try c.encode(info.stderrPath, forKey: .stderr)
        try c.encode(s.nodes, forKey: .nodes)
        try c.encode(s.cpusPerNode, forKey: .cpusPerNode)
        try c.encode(s.memoryMBPerNode, forKey: .memoryMBPerNode)
        try c.encode(s.gpusPerNode, forKey: .gpusPerNode)
        try c.encode(s.gpuModel.isEmpty ? nil : s.gpuModel, forKey: .gpuModel)
        try c.encode(s.timeLimitSeconds == 0 ? nil : s.timeLimitSeconds, forKey: .timeLimitSeconds)
        try c.encode(info.qosInForce.isEmpty ? nil : info.qosInForce, forKey: .qos)
        try c.encode(info.allocation.map(AllocationJSON.init), forKey: .allocation)
        try c.encode(info.history.map(HistoryJSON.init), forKey: .history)
        try c.encode(info.notes, forKey: .notes)
        try c.encode(info.arrayJobID == 0 ? nil : info.arrayJobID, forKey: .arrayJobID)
        try c.encode(info.arrayJobID == 0 ? nil : info.arrayTaskID, forKey: .arrayTaskID)
        try c.encode(info.dependency.isEmpty ? nil : info.dependency, forKey: .dependency)
        try c.encode(Self.time(s.beginTimeMs), forKey: .beginTime)
        let pending = info.state == "PENDING"
        try c.encode(Self.time(info.estimatedStartMs), forKey: .estimatedStartTime)
        try c.encode(pending ? info.jobsAhead : nil, forKey: .jobsAhead)
        try c.encode(info.startsAfter, forKey: .startsAfter)
        try c.encode(info.reservedNodes, forKey: .reservedNodes)
        try c.encode(info.preemptedBy == 0 ? nil : info.preemptedBy, forKey: .preemptedBy)
        try c.encode(pending ? WaitExplanation.sentence(info) : nil, forKey: .waiting)
        try c.encode(s.partitions, forKey: .partitions)
        try c.encode(s.constraint.isEmpty ? nil : s.constraint, forKey: .constraint)
        try c.encode(s.exclusive, forKey: .exclusive)
        try c.encode(s.interactive, forKey: .interactive)
        try c.encode(s.comment.isEmpty ? nil : s.comment, forKey: .comment)
        try c.encode(s.nice, forKey: .nice)
        try c.encode(s.requeue == 0 ? nil : s.requeue == 1, forKey: .requeue)
        try c.encode(s.openMode.isEmpty ? "truncate" : s.openMode, forKey: .openMode)
        try c.encode(s.allMemory, forKey: .allMemory)
        try c.encode(s.wholeCores, forKey: .wholeCores)
        try c.encode(info.completing, forKey: .completing)
        try c.encode(s.signal.isEmpty ? nil : s.signal, forKey: .warningSignal)
        try c.encode(s.mailType.isEmpty ? nil : s.mailType, forKey: .mailType)
        try c.encode(s.mailType.isEmpty && s.mailUser.isEmpty ? nil : (s.mailUser.isEmpty ? info.user : s.mailUser),
                     forKey: .mailUser)
        try c.encode(info.hasPlacement ? PlacementJSON(info.placement) : nil, forKey: .placement)
    }

    public static func time(_ ms: Int64) -> String? {
        ms == 0 ? nil : Date(timeIntervalSince1970: Double(ms) / 1000).formatted(.iso8601)
    }

    public static func render(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }
}

public struct AllocationJSON: Encodable {
    public let node: String
    public let cpus: [UInt32]
    public let gpus: [UInt32]
    public let numaNodes: [UInt32]
    public let memoryMB: UInt64

    public init(_ a: NodeAllocationInfo) {
        node = a.node
        cpus = a.cpus
        gpus = a.gpus
        numaNodes = a.numaNodes
        memoryMB = a.memoryMB
    }
}

public struct HistoryJSON: Encodable {
    public let time: String?
    public let state: String
    public let reason: String

    public init(_ h: StateChangeInfo) {
        time = JobJSON.time(h.atMs)
        state = h.state
        reason = h.reason
    }
}

/// `placement` of a pending job's `show --json`: nodes looked at, nodes with room now, and the nodes each filter
/// turned down, by the rejection's name (`TooFewGPUs`).
private struct PlacementJSON: Encodable {
    let nodesEvaluated: UInt32
    let nodesFitting: UInt32
    let rejections: [String: UInt32]

    init(_ report: PlacementReportInfo) {
        nodesEvaluated = report.nodesEvaluated
        nodesFitting = report.nodesFitting
        rejections = Dictionary(report.rejections.map { ($0.reason, $0.nodes) }, uniquingKeysWith: +)
    }
}
