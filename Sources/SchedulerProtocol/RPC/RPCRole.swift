/// The role of the token a connection authenticated with, as `Welcome.role` names it: what decides which requests the
/// connection may send (``RPCDescriptor/roles``). schedd's `Principal.Role` has the same words.
public enum RPCRole: String, Sendable, Hashable, CaseIterable {
    /// A researcher: their own jobs, projects and usage.
    case user
    /// A centre admin: anyone's jobs, the accounts, QoS levels, audit log and nodes.
    case admin
    /// A funder or auditor: aggregates (usage, budgets, reports, fair share) of the funding schemes its token names,
    /// the nodes and the queue's totals; never a job, a log or another person's work in detail.
    case viewer
    /// A node agent, speaking for the node its token names.
    case node
}
