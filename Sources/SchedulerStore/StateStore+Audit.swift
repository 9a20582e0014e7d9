import Foundation
import GRDB
import SchedulerCore

/// One audit log row as stored: values are JSON text, ready to show to people.
public struct StoredAuditEntry: Sendable, Equatable {
    public var seq: Int64
    public var at: Instant
    public var actor: String
    public var action: String
    public var subject: String
    public var before: String?
    public var after: String?

    public init(seq: Int64, at: Instant, actor: String, action: String, subject: String, before: String?, after: String?) {
        self.seq = seq
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.before = before
        self.after = after
    }
}

/// The audit log of admin changes: append-only (enforced by triggers), written in the same transaction as the
/// change itself, so there is never a change without its record.
extension StateStore {
    /// Entries after `afterSeq`, oldest first, optionally for one subject ("project hku-nlp").
    public func audit(afterSeq: Int64 = 0, subject: String? = nil, limit: Int = 1000) throws -> [StoredAuditEntry] {
        try readRows { db in
            var sql = "SELECT * FROM audit_log WHERE seq > ?"
            var arguments: StatementArguments = [afterSeq]
            if let subject {
                sql += " AND subject = ?"
                arguments += [subject]
            }
            sql += " ORDER BY seq LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map {
                StoredAuditEntry(seq: $0["seq"], at: Instant(milliseconds: $0["at"]), actor: $0["actor"],
                                 action: $0["action"], subject: $0["subject"], before: $0["before"], after: $0["after"])
            }
        }
    }

    static func insertAudit(_ records: [(AuditRecord, before: String?, after: String?)], _ db: Database) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO audit_log (at, actor, action, subject, before, after) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for (record, before, after) in records {
            try insert.execute(arguments: [record.at.milliseconds, record.actor, record.action, record.subject,
                                           before, after])
        }
    }

    /// The default rendering of an audited value: the entity itself as sorted-key JSON, not the enum around it.
    public static func auditJSON(_ value: AuditedValue?) throws -> String? {
        guard let value else { return nil }
        switch value {
        case .account(.scheme(let scheme)): return try JSONColumn.encode(scheme)
        case .account(.project(let project)): return try JSONColumn.encode(project)
        case .account(.user(let user)): return try JSONColumn.encode(user)
        case .qos(_, let policy): return try JSONColumn.encode(policy)
        case .node(let control): return try JSONColumn.encode(control)
        }
    }
}
