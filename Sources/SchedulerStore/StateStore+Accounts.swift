import GRDB
import SchedulerCore

/// Funding schemes, projects, users and memberships. Schemes and projects keep their whole entity (budgets,
/// limits, expiry, member shares) as JSON beside the indexed columns.
extension StateStore {
    /// Replaces the whole account registry in one transaction (seed import), with its audit records.
    public func replaceAccounts(_ registry: AccountRegistry, audit: [AuditRecord] = []) throws {
        do {
            let rows = try audit.map { ($0, before: try auditRenderer($0.before), after: try auditRenderer($0.after)) }
            try writer.write { db in
                try Self.writeAccounts(registry, db)
                try Self.insertAudit(rows, db)
            }
        } catch {
            throw StoreError(.writeFailed, "cannot save the accounts: \(error)")
        }
    }

    public func loadAccounts() throws -> AccountRegistry {
        try readRows { db in try loadAccounts(db) }
    }

    /// Rewrites the account tables; the registry is small (hundreds of rows), so a rewrite is simpler than diffs.
    static func writeAccounts(_ registry: AccountRegistry, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM project_members; DELETE FROM users; DELETE FROM projects; DELETE FROM funding_schemes;")
        for scheme in registry.schemes.values.sorted(by: { $0.name < $1.name }) {
            try db.execute(sql: "INSERT INTO funding_schemes (name, display_name, shares, data) VALUES (?, ?, ?, ?)",
                           arguments: [scheme.name, scheme.displayName, scheme.shares, try JSONColumn.encode(scheme)])
        }
        for project in registry.projects.values.sorted(by: { $0.name < $1.name }) {
            try db.execute(sql: "INSERT INTO projects (name, scheme, display_name, shares, data) VALUES (?, ?, ?, ?, ?)",
                           arguments: [project.name, project.scheme, project.displayName, project.shares,
                                       try JSONColumn.encode(project)])
            for member in Set(project.members).sorted() {
                try db.execute(sql: "INSERT INTO project_members (project, user) VALUES (?, ?)",
                               arguments: [project.name, member])
            }
        }
        for user in registry.users.values.sorted(by: { $0.name < $1.name }) {
            try db.execute(sql: "INSERT INTO users (name, default_project) VALUES (?, ?)",
                           arguments: [user.name, user.defaultProject])
        }
    }

    func loadAccounts(_ db: Database) throws -> AccountRegistry {
        let schemes = try Row.fetchAll(db, sql: "SELECT * FROM funding_schemes").map { row -> FundingScheme in
            if let data: String = row["data"] { return try JSONColumn.decode(FundingScheme.self, from: data, what: "a funding scheme") }
            return FundingScheme(name: row["name"], displayName: row["display_name"], shares: row["shares"])
        }
        var members: [String: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT project, user FROM project_members ORDER BY user") {
            members[row["project"], default: []].append(row["user"])
        }
        let projects = try Row.fetchAll(db, sql: "SELECT * FROM projects").map { row -> Project in
            var project: Project
            if let data: String = row["data"] {
                project = try JSONColumn.decode(Project.self, from: data, what: "a project")
            } else {
                project = Project(name: row["name"], scheme: row["scheme"], displayName: row["display_name"],
                                  shares: row["shares"])
            }
            project.members = members[project.name] ?? []
            return project
        }
        let users = try Row.fetchAll(db, sql: "SELECT name, default_project FROM users").map {
            UserAccount(name: $0["name"], defaultProject: $0["default_project"])
        }
        return AccountRegistry(schemes: schemes, projects: projects, users: users)
    }

    /// The QoS table an admin set, or nil for the built-in defaults.
    public func loadQoSTable() throws -> QoSTable? {
        try readRows { db in
            guard let text = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'qos'") else { return nil }
            return try JSONColumn.decode(QoSTable.self, from: text, what: "the QoS table")
        }
    }

    static func writeQoSTable(_ table: QoSTable, _ db: Database) throws {
        try db.execute(sql: "INSERT INTO settings (key, value) VALUES ('qos', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [try JSONColumn.encode(table)])
    }
}
