/// One entry of the append-only audit log: who changed what, when, and the value before and after.
public struct AuditRecord: Hashable, Sendable, Codable {
    public var at: Instant
    public var actor: String
    /// What was asked, e.g. "update-project", "update-qos".
    public var action: String
    /// What it changed, e.g. "project hku-nlp", "qos high".
    public var subject: String
    /// nil: it did not exist before (a creation).
    public var before: AuditedValue?
    /// nil: it does not exist after (a deletion).
    public var after: AuditedValue?

    public init(at: Instant, actor: String, action: String, subject: String, before: AuditedValue?, after: AuditedValue?) {
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.before = before
        self.after = after
    }
}

/// A value an admin can change.
public enum AuditedValue: Hashable, Sendable, Codable {
    case account(AccountEntity)
    case qos(QoS, QoSPolicy)
    /// A node's admin order; nil inside: in service.
    case node(NodeControl?)
}
