import Foundation
import GRDB

/// How much more the state database can take: the free space of its file system and, with `maximumBytes`, the
/// room left under that cap. schedd refuses new work before either runs out (`StorageGuard`).
public struct StorageRoom: Sendable, Equatable {
    /// Bytes an unprivileged process may still write on the database's file system.
    public var diskFreeBytes: Int64
    /// Bytes left under `maximumBytes` (free pages inside the file count); nil without a cap.
    public var databaseFreeBytes: Int64?

    public init(diskFreeBytes: Int64, databaseFreeBytes: Int64? = nil) {
        self.diskFreeBytes = diskFreeBytes
        self.databaseFreeBytes = databaseFreeBytes
    }

    /// The tighter of the two.
    public var bytes: Int64 { min(diskFreeBytes, databaseFreeBytes ?? .max) }
}

extension StateStore {
    /// The directory holding the database (where an admin must free space); nil in memory.
    public var directory: String? {
        path.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
    }

    /// Measures the room left now. An in-memory store has no limit.
    public func room() throws -> StorageRoom {
        guard let directory else { return StorageRoom(diskFreeBytes: .max) }
        var stats = statvfs()
        guard statvfs(directory, &stats) == 0 else {
            throw StoreError(.readFailed, "cannot measure the free space in \(directory): \(String(cString: strerror(errno)))")
        }
        let disk = Int64(clamping: UInt64(stats.f_bavail).multipliedReportingOverflow(by: UInt64(stats.f_frsize)).partialValue)
        guard maximumBytes != nil else { return StorageRoom(diskFreeBytes: disk) }
        let pages = try readRows { db -> Int64 in
            let limit = try Int64.fetchOne(db, sql: "PRAGMA max_page_count") ?? 0
            let used = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let free = try Int64.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
            let size = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
            return max(0, limit - used + free) * size
        }
        return StorageRoom(diskFreeBytes: disk, databaseFreeBytes: pages)
    }

    /// A failed write as a `StoreError` that says why in words: a full disk (or a database at its cap) apart
    /// from other failures, since an admin fixes the two differently.
    static func writeError(_ error: any Error, _ what: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let database = error as? DatabaseError else {
            return StoreError(.writeFailed, "cannot \(what): \(error)")
        }
        switch database.resultCode {
        case .SQLITE_FULL:
            return StoreError(.storageFull, "cannot \(what): the disk or the database's size limit is full (\(database))")
        case .SQLITE_IOERR, .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return StoreError(.writeFailed, "cannot \(what): the database's files cannot be written (\(database))")
        default:
            return StoreError(.writeFailed, "cannot \(what): \(database)")
        }
    }
}
