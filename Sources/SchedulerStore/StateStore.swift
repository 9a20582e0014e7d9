import GRDB
import SchedulerCore

/// Renders an audited value (nil: absent) as the JSON text stored in the audit log.
public typealias AuditRenderer = @Sendable (AuditedValue?) throws -> String?

/// The scheduler's durable state in SQLite: the one adapter between `SchedulerCore` and the disk.
///
/// WAL mode with `synchronous = FULL`: a commit that returned survives a crash of the process and of the
/// machine. Callers batch many transitions into one `commit` (group commit) so they share one fsync.
public final class StateStore: Sendable {
    let writer: any DatabaseWriter
    /// How audited values are written as JSON text (schedd supplies a reader-friendly rendering).
    let auditRenderer: AuditRenderer

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    public convenience init(path: String, auditRenderer: @escaping AuditRenderer = StateStore.auditJSON) throws {
        var config = Configuration()
        config.busyMode = .timeout(5)
        config.prepareDatabase { db in
            // GRDB's WAL setup lowers synchronous to NORMAL; durability across power loss needs FULL.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw StoreError(.cannotOpen, "cannot open the state database at \(path): \(error)")
        }
        try self.init(writer: pool, auditRenderer: auditRenderer)
    }

    /// An in-memory database, for tests.
    public static func inMemory(auditRenderer: @escaping AuditRenderer = StateStore.auditJSON) throws -> StateStore {
        try StateStore(writer: DatabaseQueue(), auditRenderer: auditRenderer)
    }

    init(writer: any DatabaseWriter, auditRenderer: @escaping AuditRenderer) throws {
        self.writer = writer
        self.auditRenderer = auditRenderer
        let migrator = Migrations.migrator
        do {
            if try writer.read({ try migrator.hasBeenSuperseded($0) }) {
                throw StoreError(.schemaTooNew,
                                 "the state database was written by a newer aisched; upgrade schedd before starting it")
            }
            try migrator.migrate(writer)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.cannotOpen, "cannot prepare the state database schema: \(error)")
        }
    }

    /// The value of `PRAGMA synchronous` (2 = FULL), for tests and diagnostics.
    public func synchronousMode() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }
}
