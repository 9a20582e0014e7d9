import SchedulerCore
import SchedulerProtocol
import SchedulerStore

/// `nodeControl` (kind 32): an admin drains, resumes or sets down nodes. The core checks the role and every other
/// rule (a user gets `permissionDenied` from it, as for account changes), commits the nodes with their audit
/// records, and only then is the reply sent.
struct NodeControlRequests {
    let service: SchedulerService

    func handle(_ frame: Frame, _ principal: Principal) async throws -> Frame {
        let request = try frame.decode(NodeControlRequest.self)
        guard let action = NodeControlAction(rawValue: request.action) else {
            throw ErrorReply(code: .invalidRequest, message: "unknown node action \"\(request.action)\"",
                             hint: "the actions are " + NodeControlAction.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let reply = await service.perform {
            .nodeControlRequested(action, nodes: request.names, reason: request.reason, by: principal, request: $0)
        }
        return try frame.respond(.nodeControlReply, with: reply)
    }

    static func reply(_ records: [AuditRecord], _ nodes: [NodeReport]) -> NodeControlReply {
        NodeControlReply(nodes: nodes.map(NodeWireMapping.info), entries: records.map { record in
            AdminRequests.entry(StoredAuditEntry(seq: 0, at: record.at, actor: record.actor, action: record.action,
                                                 subject: record.subject, before: AdminRequests.renderAudit(record.before),
                                                 after: AdminRequests.renderAudit(record.after)))
        })
    }
}
