import ArgumentParser

/// `aisubmit admin …`: the centre admin's commands (an admin token is needed for changes, the audit log and
/// reports; users may list and show their own accounts).
struct Admin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Manage funding schemes, projects, users, QoS levels and nodes; read the audit log and funding reports.",
        discussion: """
            Every change is recorded in the audit log (`aisubmit admin audit`) with who made it, when, and the \
            entity before and after. A refused change (unknown scheme or project, a share of zero, overlapping \
            budget periods, …) changes nothing.
            """,
        subcommands: [AdminScheme.self, AdminProject.self, AdminUser.self, AdminMember.self, AdminQoS.self,
                      AdminNode.self, AdminAudit.self, AdminReport.self])
}
