import Foundation
import GRDB

/// A database written by an earlier release of the store (`Tests/Fixtures/store/vN.sql`, a `sqlite3 .dump`), and
/// the manifest that release wrote beside it: what its own code held in memory for the rows it committed, so the
/// current code can be checked against what the old code meant, not against what the test expects.
struct StoreFixture: Decodable, Sendable, CustomStringConvertible {
    struct JobRow: Decodable, Sendable {
        var id: UInt64
        var name: String
        var user: String
        var project: String
        var state: String
        var held: Bool
        var argv: [String]
        /// "" when the job has none.
        var script: String
        var environment: [String]
        var workdir: String
        var cpusPerNode: Int
        var gpusPerNode: Int
        var memoryMBPerNode: Int64
        var submitTime: Int64
        /// -1: none.
        var startTime: Int64
        var endTime: Int64
        var exitCode: Int
        /// The GPUs its allocation held, across its nodes.
        var gpus: [Int]
        var history: [String]
        /// Left the live state (v6 and later): found through the history, not loaded at restart.
        var retired: Bool?
        var arrayJobID: UInt64?
        var arrayTaskID: Int?
    }

    struct ProjectRow: Decodable, Sendable {
        var name: String
        var scheme: String
        var shares: Int
        var members: [String]
        /// Budgets in GPU-hours, in the order the project lists them (v2 and later).
        var budgets: [Double]?
    }

    struct UserRow: Decodable, Sendable {
        var name: String
        var defaultProject: String
    }

    struct TokenRow: Decodable, Sendable, Hashable {
        var id: String
        var user: String
        var role: String
        var revoked: Bool
        /// A viewer token's schemes (v7 and later; absent before: none).
        var schemes: [String]? = nil

        init(id: String, user: String, role: String, revoked: Bool, schemes: [String]? = nil) {
            (self.id, self.user, self.role, self.revoked) = (id, user, role, revoked)
            self.schemes = schemes ?? []
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(id: try c.decode(String.self, forKey: .id), user: try c.decode(String.self, forKey: .user),
                      role: try c.decode(String.self, forKey: .role), revoked: try c.decode(Bool.self, forKey: .revoked),
                      schemes: try c.decodeIfPresent([String].self, forKey: .schemes))
        }

        private enum CodingKeys: String, CodingKey { case id, user, role, revoked, schemes }
    }

    /// One queue sample as the writing release took it (v7 and later).
    struct QueueSampleRow: Decodable, Sendable, Equatable {
        var at: Int64
        var pending, held, running, gpusWanted, gpusInUse: Int
        var medianWaitMs, maxWaitMs: Int64
    }

    struct AuditRow: Decodable, Sendable, Equatable {
        var action: String
        var subject: String
    }

    /// The migration the fixture's code had last, as its grdb_migrations table says.
    var schema: String
    /// The commit whose code wrote it.
    var writtenBy: String
    var jobs: [JobRow]
    var nodes: [String]
    /// Nodes an admin drained or downed (v4 and later): their reason.
    var nodeControl: [String: String]?
    var schemes: [String]
    var projects: [ProjectRow]
    var users: [UserRow]
    var tokens: [TokenRow]
    /// GPU-hours charged per project (v2 and later).
    var ledgerGPUHours: [String: Double]?
    var audit: [AuditRow]?
    var queueSamples: [QueueSampleRow]?

    /// The file name's stem: v1, v2, …
    var version = ""
    var description: String { "\(version) (\(schema), written by \(writtenBy))" }

    private enum CodingKeys: String, CodingKey {
        case schema, writtenBy, jobs, nodes, nodeControl, schemes, projects, users, tokens, ledgerGPUHours, audit
        case queueSamples
    }

    /// `<package root>/Tests/Fixtures/store`.
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/store")
    }

    /// Every fixture there, oldest first.
    static func all() -> [StoreFixture] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".manifest.json") }.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path),
                  var fixture = try? JSONDecoder().decode(StoreFixture.self, from: data) else { return nil }
            fixture.version = String(name.dropLast(".manifest.json".count))
            return fixture
        }
    }

    /// Restores the dump into a new database file at `path`, as the old release left it.
    func restore(to path: String) throws {
        let dump = try String(contentsOf: Self.directory.appendingPathComponent("\(version).sql"), encoding: .utf8)
        let queue = try DatabaseQueue(path: path)
        // The dump has its own BEGIN/COMMIT (and turns foreign keys off first, as its rows come table by table). A
        // dump that fails part-way is rolled back and reported, not left open (GRDB traps on an open transaction).
        try queue.writeWithoutTransaction { db in
            do {
                try db.execute(sql: dump)
            } catch {
                if db.isInsideTransaction { try db.rollback() }
                throw error
            }
        }
        try queue.close()
    }

    /// The schema as SQLite keeps it (every table, index and trigger with its SQL text), and the migrations applied.
    static func schema(of path: String) throws -> (objects: [String], migrations: [String]) {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            let objects = try Row.fetchAll(db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
                .map { row -> String in
                    let sql: String? = row["sql"]
                    return "\(row["type"] as String) \(row["name"] as String) ON \(row["tbl_name"] as String): \(sql ?? "-")"
                }
            let migrations = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
            return (objects, migrations)
        }
    }
}
