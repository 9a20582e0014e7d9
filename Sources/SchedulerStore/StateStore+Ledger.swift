import GRDB
import SchedulerCore

/// The usage ledger: a row per job per ledger period while it is recent, one per job run at one price once older
/// (`LedgerRows`). Rows only grow (enforced by a trigger); compaction replaces rows by one with the same totals.
extension StateStore {
    /// Every charge in ledger order, to rebuild the accounting book after a restart.
    public func ledger() throws -> [UsageCharge] {
        try readRows { db in try Self.charges(db) }
    }

    /// Every charge of the given projects, in ledger order (to recompute budgets an admin changed).
    public func ledger(projects: Set<String>) throws -> [UsageCharge] {
        try readRows { db in try Self.charges(db, projects: projects) }
    }

    /// Charges of one funding scheme's projects that overlap [from, to), for funders' reports.
    public func ledger(projects: Set<String>, from: Instant, to: Instant) throws -> [UsageCharge] {
        try readRows { db in
            try Self.charges(db, projects: projects, condition: "to_ms > ? AND from_ms < ?",
                             arguments: [from.milliseconds, to.milliseconds])
        }
    }

    /// Ledger rows in ledger order, optionally only of `projects` and matching `condition`.
    static func charges(_ db: Database, projects: Set<String>? = nil, condition: String? = nil,
                        arguments: StatementArguments = []) throws -> [UsageCharge] {
        var clauses: [String] = []
        var values = arguments
        if let condition { clauses.append(condition) }
        if let projects {
            guard !projects.isEmpty else { return [] }
            clauses.append("project IN (" + Array(repeating: "?", count: projects.count).joined(separator: ", ") + ")")
            values += StatementArguments(projects.sorted())
        }
        let filter = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
        return try Row.fetchAll(db, sql: "SELECT * FROM usage_ledger\(filter) ORDER BY seq", arguments: values)
            .map(charge)
    }

    /// The ledger's rows and bytes on disk, for tests, benchmarks and diagnostics.
    public func ledgerFootprint() throws -> LedgerFootprint {
        try readRows { db in
            let rows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM usage_ledger") ?? 0
            let bytes = try Int.fetchOne(db, sql: """
                SELECT SUM(pgsize) FROM dbstat WHERE name IN
                    (SELECT name FROM sqlite_master WHERE tbl_name = 'usage_ledger' AND type IN ('table', 'index'))
                """) ?? 0
            return LedgerFootprint(rows: rows, bytes: bytes)
        }
    }

    /// Writes rows keyed by job and start: a row the core extended replaces the stored one, a new row is added.
    static func upsertCharges(_ charges: [UsageCharge], _ db: Database) throws {
        let update = try db.cachedStatement(sql: """
            UPDATE usage_ledger SET to_ms = ?, gpu_hours = ?, decayed_gpu_hours = ? WHERE job_id = ? AND from_ms = ?
            """)
        for c in charges {
            try update.execute(arguments: [c.to.milliseconds, c.gpuHours, c.decayedGPUHours,
                                           Int64(bitPattern: c.job.rawValue), c.from.milliseconds])
            if db.changesCount == 0 { try insertCharges([c], db) }
        }
    }

    static func insertCharges(_ charges: [UsageCharge], _ db: Database) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO usage_ledger (job_id, project, user, qos, from_ms, to_ms, rate, multiplier, gpu_hours,
                                      counts_against_budget, decayed_gpu_hours)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for c in charges {
            try insert.execute(arguments: [
                Int64(bitPattern: c.job.rawValue), c.project, c.user, c.qos.rawValue, c.from.milliseconds,
                c.to.milliseconds, c.rate, c.multiplier, c.gpuHours, c.countsAgainstBudget, c.decayedGPUHours,
            ])
        }
    }

    /// Folds the rows that ended before `cutoff` as far as they go (`LedgerRows.compact`: per job, contiguous rows at
    /// one price become one), job by job, a few hundred jobs per transaction: each replaces rows by rows with the same
    /// totals, so a crash between transactions leaves a ledger that says the same. `cutoff` MUST lie behind the
    /// burn-rate window and before any running job's current row (`compactionCutoff`).
    @discardableResult
    public func compactLedger(endingBefore cutoff: Instant, halfLife: Span?) throws -> LedgerCompaction {
        do {
            let jobs = try writer.read { db in
                try Int64.fetchAll(db, sql: """
                    SELECT job_id FROM usage_ledger WHERE to_ms < ? GROUP BY job_id HAVING COUNT(*) > 1 ORDER BY job_id
                    """, arguments: [cutoff.milliseconds])
            }
            var result = LedgerCompaction()
            for chunk in stride(from: 0, to: jobs.count, by: 256).map({ jobs[$0..<min($0 + 256, jobs.count)] }) {
                try writer.write { db in
                    for job in chunk {
                        let rows = try Row.fetchAll(db, sql: """
                            SELECT * FROM usage_ledger WHERE job_id = ? AND to_ms < ? ORDER BY from_ms
                            """, arguments: [job, cutoff.milliseconds])
                        let folded = LedgerRows.compact(try rows.map(Self.charge), halfLife: halfLife)
                        result.rowsBefore += rows.count
                        result.rowsAfter += folded.count
                        guard folded.count < rows.count else { continue }
                        try db.execute(sql: "DELETE FROM usage_ledger WHERE job_id = ? AND to_ms < ?",
                                       arguments: [job, cutoff.milliseconds])
                        try Self.insertCharges(folded, db)
                    }
                }
            }
            return result
        } catch {
            throw StoreError(.writeFailed, "cannot compact the usage ledger: \(error)")
        }
    }

    /// Rows that ended before this may be folded across periods: they lie a whole period behind the burn-rate window
    /// (which reads per-period rows) and behind every running job's current row (which its next tick extends).
    public static func compactionCutoff(now: Instant, policy: AccountingPolicy) -> Instant {
        let period = LedgerRows.period(of: policy).milliseconds
        let start = now.milliseconds - policy.burnRateWindow.milliseconds - period
        return Instant(milliseconds: start - ((start % period) + period) % period)
    }

    static func charge(_ row: Row) throws -> UsageCharge {
        guard let qos = QoS(rawValue: row["qos"]) else {
            throw StoreError(.corruptRow, "usage ledger row \(row["seq"] as Int64) has an unknown QoS")
        }
        return UsageCharge(job: JobID(UInt64(bitPattern: row["job_id"])), project: row["project"], user: row["user"],
                           qos: qos, from: Instant(milliseconds: row["from_ms"]), to: Instant(milliseconds: row["to_ms"]),
                           rate: row["rate"], multiplier: row["multiplier"], gpuHours: row["gpu_hours"],
                           countsAgainstBudget: row["counts_against_budget"], decayedGPUHours: row["decayed_gpu_hours"])
    }

    func readRows<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.readFailed, "cannot read the state database: \(error)")
        }
    }
}

/// How much room the usage ledger takes (`StateStore.ledgerFootprint()`).
public struct LedgerFootprint: Sendable, Equatable {
    public var rows: Int
    /// Bytes of the table and its indexes (SQLite's dbstat: pages in use, including their free space).
    public var bytes: Int
}

/// What one compaction did: the rows it looked at and the rows they became.
public struct LedgerCompaction: Sendable, Equatable {
    public var rowsBefore = 0
    public var rowsAfter = 0
    public init() {}
}
