import GRDB
import SchedulerCore

/// Funding schemes, projects, users and memberships.
extension StateStore {
    /// Replaces the whole account registry in one transaction (seed import, admin bulk change).
    public func replaceAccounts(_ registry: AccountRegistry) throws {
        do {
            try writer.write { db in
                try db.execute(sql: "DELETE FROM project_members; DELETE FROM users; DELETE FROM projects; DELETE FROM funding_schemes;")
                for scheme in registry.schemes.values.sorted(by: { $0.name < $1.name }) {
                    try db.execute(sql: "INSERT INTO funding_schemes (name, display_name, shares) VALUES (?, ?, ?)",
                                   arguments: [scheme.name, scheme.displayName, scheme.shares])
                }
                for project in registry.projects.values.sorted(by: { $0.name < $1.name }) {
                    try db.execute(sql: "INSERT INTO projects (name, scheme, display_name, shares) VALUES (?, ?, ?, ?)",
                                   arguments: [project.name, project.scheme, project.displayName, project.shares])
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
        } catch {
            throw StoreError(.writeFailed, "cannot save the accounts: \(error)")
        }
    }

    public func loadAccounts() throws -> AccountRegistry {
        try writer.read { db in try loadAccounts(db) }
    }

    func loadAccounts(_ db: Database) throws -> AccountRegistry {
        let schemes = try Row.fetchAll(db, sql: "SELECT name, display_name, shares FROM funding_schemes").map {
            FundingScheme(name: $0["name"], displayName: $0["display_name"], shares: $0["shares"])
        }
        var members: [String: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT project, user FROM project_members ORDER BY user") {
            members[row["project"], default: []].append(row["user"])
        }
        let projects = try Row.fetchAll(db, sql: "SELECT name, scheme, display_name, shares FROM projects").map {
            Project(name: $0["name"], scheme: $0["scheme"], displayName: $0["display_name"], shares: $0["shares"],
                    members: members[$0["name"]] ?? [])
        }
        let users = try Row.fetchAll(db, sql: "SELECT name, default_project FROM users").map {
            UserAccount(name: $0["name"], defaultProject: $0["default_project"])
        }
        return AccountRegistry(schemes: schemes, projects: projects, users: users)
    }
}
