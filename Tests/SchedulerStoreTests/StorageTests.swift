import Foundation
import GRDB
import SchedulerCore
import Testing
@testable import SchedulerStore

/// What the database holds and who may read it: an array's script stored once, databases from before that still
/// loading, owner-only files, and a full disk reported as such with nothing half-written.
@Suite(.serialized) struct StorageTests {
    let dir: String

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("storage-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    /// A 3 MB batch script submitted as `--array 0-99`, as in issue 13.
    static let script = "#!/bin/bash\n" + String(repeating: "# padding to make a 3 MB script\n", count: 3_000_000 / 32)

    static func arraySubmission(at now: Instant) -> (Scheduler, [Transition]) {
        var scheduler = Scheduler()
        var spec = JobSpec(name: "big", user: "alice", workdir: "/tmp", script: script,
                           request: ResourceRequest(cpusPerNode: 1))
        spec.array = "0-99"
        let fx = scheduler.handle(.jobSubmitted(spec, request: RequestID(1)), at: now)
        return (scheduler, fx.transitions)
    }

    /// The database's bytes on disk, after moving the WAL's pages into it.
    static func size(of path: String, _ store: StateStore) throws -> Int {
        try store.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        return [path, path + "-wal"].reduce(0) { total, file in
            total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
        }
    }

    @Test func anArraySharesOneCopyOfItsScript() async throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let now = Instant(milliseconds: 1_000)
        let (scheduler, transitions) = Self.arraySubmission(at: now)
        #expect(scheduler.state.jobs.count == 100)

        // Before: every task's row held the script in its JSON (the layout of databases written before v3).
        let before = dir + "/before.db"
        try Self.writeLegacy(Array(scheduler.state.jobs.values), to: before)
        let beforeBytes = (try FileManager.default.attributesOfItem(atPath: before)[.size] as? Int) ?? 0

        // After: one row in job_scripts for the whole array.
        let after = dir + "/after.db"
        let store = try StateStore(path: after)
        try await store.commit(transitions)
        let afterBytes = try Self.size(of: after, store)
        print("issue 13: --array 0-99 of a \(Self.script.utf8.count)-byte script: database \(beforeBytes) bytes with a copy per task, \(afterBytes) bytes shared")
        #expect(beforeBytes > 100 * Self.script.utf8.count)
        #expect(afterBytes < Self.script.utf8.count + 2_000_000)
        #expect(try Self.scriptRows(store) == 1)

        // Every task still carries the script (its launch sends it), and a reload shares one string.
        let loaded = try store.load(now: now)
        #expect(loaded.jobs.count == 100)
        #expect(loaded.jobs.values.allSatisfy { $0.spec.script == Self.script })
        // Later changes of the tasks do not copy it again.
        var changed = scheduler
        let node = NodeInventory(name: "n1", address: "n1", cpuIDs: [0, 1], memoryMB: 16_000, gpuIndices: [])
        try await store.commit(changed.handle(.nodeRegistered(node, running: [], request: RequestID(2)), at: now).transitions)
        #expect(try store.load(now: now).jobs.values.filter { $0.state == .running }.count == 2)
        #expect(try Self.size(of: after, store) < afterBytes + 500_000)
    }

    @Test func aDatabaseWrittenBeforeSharedScriptsStillLoadsAndMovesOnChange() async throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let now = Instant(milliseconds: 1_000)
        var scheduler = Scheduler()
        let spec = JobSpec(name: "old", user: "alice", workdir: "/tmp", argv: ["x"], script: "#!/bin/sh\necho old\n",
                           request: ResourceRequest(cpusPerNode: 1))
        _ = scheduler.handle(.jobSubmitted(spec, request: RequestID(1)), at: now)
        let job = try #require(scheduler.state.jobs[JobID(1)])
        let path = dir + "/old.db"
        try Self.writeLegacy([job], to: path)

        let store = try StateStore(path: path)  // migrates to v3
        #expect(try store.load(now: now).jobs[JobID(1)]?.spec.script == "#!/bin/sh\necho old\n")
        // A change rewrites the row the new way: the script moves to job_scripts, the job still has it.
        var restarted = Scheduler(state: try store.load(now: now))
        let node = NodeInventory(name: "n1", address: "n1", cpuIDs: [0], memoryMB: 16_000, gpuIndices: [])
        try await store.commit(restarted.handle(.nodeRegistered(node, running: [], request: RequestID(2)), at: now).transitions)
        let reloaded = try store.load(now: now)
        #expect(reloaded.jobs[JobID(1)]?.state == .running)
        #expect(reloaded.jobs[JobID(1)]?.spec.script == "#!/bin/sh\necho old\n")
        #expect(try Self.scriptRows(store) == 1)
        // Deleting the last job of a script frees the script (a purge cannot leave it to a reused id).
        try Self.deleteAllJobs(store)
        #expect(try Self.scriptRows(store) == 0)
    }

    /// A database as schedd wrote it before v3: migrated to v2 only, each job's script inside its JSON.
    static func writeLegacy(_ jobs: [Job], to path: String) throws {
        let legacy = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(legacy, upTo: "v2-accounting-audit")
        try legacy.write { db in
            for job in jobs {
                var stored = job
                stored.history = []
                try db.execute(sql: """
                    INSERT INTO jobs (id, user, project, name, state, submit_time, data) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [Int64(job.id.rawValue), job.spec.user, job.spec.project, job.spec.name,
                                     job.state.rawValue, job.submitTime.milliseconds, try JSONColumn.encode(stored)])
            }
        }
        try legacy.close()
    }

    static func scriptRows(_ store: StateStore) throws -> Int {
        try store.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM job_scripts") ?? -1 }
    }

    /// What a purge of old jobs does.
    static func deleteAllJobs(_ store: StateStore) throws {
        try store.writer.write { db in try db.execute(sql: "DELETE FROM job_transitions; DELETE FROM jobs") }
    }

    static func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func theDatabaseAndItsWALAndSHMAreOwnerOnly() async throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let old = umask(0o022)
        defer { umask(old) }
        let path = dir + "/aisched.db"
        let store = try StateStore(path: path)
        let (_, transitions) = Self.arraySubmission(at: Instant(milliseconds: 1))
        try await store.commit(transitions)
        for file in [path, path + "-wal", path + "-shm"] {
            #expect(FileManager.default.fileExists(atPath: file), "\(file) missing")
            let mode = try Self.mode(file)
            #expect(mode == 0o600, "\(file) is \(String(mode, radix: 8))")
        }
        // A database an older schedd left readable by others is made owner-only when it is opened.
        let loose = dir + "/loose.db"
        _ = try StateStore(path: loose)
        for file in [loose, loose + "-wal", loose + "-shm"] where FileManager.default.fileExists(atPath: file) {
            chmod(file, 0o644)
        }
        _ = try StateStore(path: loose)
        #expect(try Self.mode(loose) == 0o600)
    }

    @Test func aFullDatabaseIsReportedAsSuchAndNothingIsWritten() async throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/full.db"
        // SQLite's max_page_count gives the real "database or disk is full" error a full disk gives.
        let store = try StateStore(path: path, maximumBytes: 1 << 20)
        let room = try store.room()
        #expect(room.databaseFreeBytes.map { $0 > 0 && $0 < 1 << 20 } == true, "\(room)")
        #expect(room.diskFreeBytes > 0)
        let (_, transitions) = Self.arraySubmission(at: Instant(milliseconds: 1))
        do {
            try await store.commit(transitions)
            Issue.record("a 3 MB script fitted in a 1 MB database")
        } catch let error as StoreError {
            #expect(error.code == .storageFull)
            #expect(error.message.contains("the disk or the database's size limit is full"), "\(error.message)")
        }
        #expect(try store.load(now: Instant(milliseconds: 2)).jobs.isEmpty)
        #expect(store.directory == dir)
    }
}
