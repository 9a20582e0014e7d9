import GRDB
import SchedulerCore

/// The usage ledger: one row per charge, append-only (enforced by triggers).
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

    static func insertCharges(_ charges: [UsageCharge], _ db: Database) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO usage_ledger (job_id, project, user, qos, from_ms, to_ms, rate, multiplier, gpu_hours,
                                      counts_against_budget)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for c in charges {
            try insert.execute(arguments: [
                Int64(bitPattern: c.job.rawValue), c.project, c.user, c.qos.rawValue, c.from.milliseconds,
                c.to.milliseconds, c.rate, c.multiplier, c.gpuHours, c.countsAgainstBudget,
            ])
        }
    }

    static func charge(_ row: Row) throws -> UsageCharge {
        guard let qos = QoS(rawValue: row["qos"]) else {
            throw StoreError(.corruptRow, "usage ledger row \(row["seq"] as Int64) has an unknown QoS")
        }
        return UsageCharge(job: JobID(UInt64(bitPattern: row["job_id"])), project: row["project"], user: row["user"],
                           qos: qos, from: Instant(milliseconds: row["from_ms"]), to: Instant(milliseconds: row["to_ms"]),
                           rate: row["rate"], multiplier: row["multiplier"], gpuHours: row["gpu_hours"],
                           countsAgainstBudget: row["counts_against_budget"])
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
