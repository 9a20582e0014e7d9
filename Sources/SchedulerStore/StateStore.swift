import Foundation
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
    /// The database file; nil in memory.
    public let path: String?
    /// The most the database may grow to (`maxDatabaseMB`); nil: as far as the disk allows.
    public let maximumBytes: Int64?

    /// Opens (creating if needed) the database at `path` and brings its schema up to date. The database and its
    /// `-wal` and `-shm` files are its owner's alone (0600): they hold every job's environment and the token table.
    /// `maximumBytes` caps the database's size (SQLite's max_page_count): past it, commits fail as on a full disk.
    public convenience init(path: String, maximumBytes: Int64? = nil,
                            auditRenderer: @escaping AuditRenderer = StateStore.auditJSON) throws {
        try Self.restrictFiles(of: path)
        var config = Configuration()
        config.busyMode = .timeout(5)
        config.prepareDatabase { db in
            // GRDB's WAL setup lowers synchronous to NORMAL; durability across power loss needs FULL.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            if let maximumBytes {
                let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
                try db.execute(sql: "PRAGMA max_page_count = \(max(1, maximumBytes / pageSize))")
            }
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw StoreError(.cannotOpen, "cannot open the state database at \(path): \(error)")
        }
        try self.init(writer: pool, auditRenderer: auditRenderer, path: path, maximumBytes: maximumBytes)
    }

    /// An in-memory database, for tests.
    public static func inMemory(auditRenderer: @escaping AuditRenderer = StateStore.auditJSON) throws -> StateStore {
        try StateStore(writer: DatabaseQueue(), auditRenderer: auditRenderer, path: nil, maximumBytes: nil)
    }

    init(writer: any DatabaseWriter, auditRenderer: @escaping AuditRenderer, path: String?, maximumBytes: Int64?) throws {
        self.writer = writer
        self.auditRenderer = auditRenderer
        self.path = path
        self.maximumBytes = maximumBytes
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

    /// Creates the database file owner-only before SQLite does (SQLite would make it 0644, and gives its `-wal`
    /// and `-shm` files the database's mode), and takes group and other access away from files an older schedd
    /// left readable.
    static func restrictFiles(of path: String) throws {
        let created = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if created >= 0 {
            close(created)
        } else if errno != EEXIST {
            throw StoreError(.cannotOpen, "cannot create the state database at \(path): \(String(cString: strerror(errno)))")
        }
        for file in [path, path + "-wal", path + "-shm"] where access(file, F_OK) == 0 {
            guard chmod(file, 0o600) == 0 else {
                throw StoreError(.cannotOpen, "cannot make \(file) readable by its owner only: "
                                 + "\(String(cString: strerror(errno))); run schedd as the file's owner")
            }
        }
    }

    /// The value of `PRAGMA synchronous` (2 = FULL), for tests and diagnostics.
    public func synchronousMode() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }
}
