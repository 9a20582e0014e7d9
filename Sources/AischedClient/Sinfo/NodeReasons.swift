import SchedulerProtocol

/// `aisubmit nodes -R` (like `sinfo -R`): why nodes are out of service, one line per reason, who gave it and when,
/// with the nodes it holds for. Nodes in service (no reason) are left out.
public struct NodeReasonLine: Equatable, Sendable {
    public var reason: String
    /// The admin who drained or downed the nodes; "" for a node whose agent does not respond.
    public var user: String
    /// When the admin did, or when the agent was last heard from; 0 when unknown.
    public var atMs: Int64
    /// In name order.
    public var nodes: [String]

    public init(reason: String, user: String, atMs: Int64, nodes: [String]) {
        self.reason = reason
        self.user = user
        self.atMs = atMs
        self.nodes = nodes
    }

    /// One line per (reason, user, time), in the order their first node comes (the list is sorted by name).
    public static func lines(_ nodes: [NodeInfo]) -> [NodeReasonLine] {
        var lines: [NodeReasonLine] = []
        for node in nodes where !node.reason.isEmpty {
            let at = node.reasonAtMs != 0 ? node.reasonAtMs : node.sinceMs
            if let index = lines.firstIndex(where: { $0.reason == node.reason && $0.user == node.reasonBy && $0.atMs == at }) {
                lines[index].nodes.append(node.name)
            } else {
                lines.append(NodeReasonLine(reason: node.reason, user: node.reasonBy, atMs: at, nodes: [node.name]))
            }
        }
        return lines
    }
}
