import GRDB
import SchedulerCore

/// Rows → `ClusterState`: what schedd runs on after a restart.
extension StateStore {
    /// Rebuilds the scheduler's state. Nodes come back disconnected, heard from at `now`, so their agents
    /// get a full timeout to reconnect before their jobs are declared lost. The usage ledger is compacted first, so
    /// the book is replayed from a row per job run, not per tick (a ledger written before rows were folded is
    /// folded on its first load).
    ///
    /// Only live jobs are read (not retired: pending, running, and finished ones within their retention); of the
    /// retired ones, only what live jobs need: the largest id, the final states pending jobs' dependencies name, and
    /// the submission keys of the last `submissionKeyLifetime`.
    public func load(now: Instant, policy: AccountingPolicy = AccountingPolicy(),
                     submissionKeyLifetime: Span = InputLimits().submissionKeyLifetime) throws -> ClusterState {
        try compactLedger(endingBefore: Self.compactionCutoff(now: now, policy: policy), halfLife: policy.usageHalfLife)
        do {
            return try writer.read { db in
                let accounts = try loadAccounts(db)
                let history = try loadHistory(db)
                var jobs: [Job] = []
                var scripts = SharedScripts()
                // Cursors, not fetchAll: a centre with 100,000 jobs must not hold every row twice while loading.
                let rows = try Row.fetchCursor(db, sql: "SELECT data, script_id FROM jobs WHERE retired = 0 ORDER BY id")
                while let row = try rows.next() {
                    var job = try JSONColumn.decode(Job.self, from: row["data"], what: "a job")
                    job.history = history[job.id] ?? []
                    if let scriptID: Int64 = row["script_id"] { job.spec.script = try scripts.text(of: scriptID, db) }
                    jobs.append(job)
                }
                var nodes: [Node] = []
                for row in try Row.fetchAll(db, sql: "SELECT status, data, control FROM nodes ORDER BY name") {
                    let inventory = try JSONColumn.decode(NodeInventory.self, from: row["data"], what: "a node")
                    let status = NodeStatus(rawValue: row["status"]) ?? .down
                    var node = Node(inventory: inventory, status: status, connected: false, lastHeard: now)
                    if let control: String = row["control"] {
                        node.control = try JSONColumn.decode(NodeControl.self, from: control, what: "a node's admin order")
                    }
                    nodes.append(node)
                }
                let book = try rebuildBook(db, policy: policy, accounts: accounts, jobs: jobs)
                let lastID = try Int64.fetchOne(db, sql: "SELECT max(id) FROM jobs") ?? 0
                return ClusterState(jobs: jobs, nodes: nodes, accounts: accounts, book: book,
                                    nextJobID: UInt64(bitPattern: lastID) + 1,
                                    retiredOutcomes: try Self.retiredOutcomes(db, namedBy: jobs),
                                    retiredKeys: try Self.retiredKeys(db, since: Instant(
                                        milliseconds: now.milliseconds &- submissionKeyLifetime.milliseconds)))
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.readFailed, "cannot read the state database: \(error)")
        }
    }

    /// The accounting book as the core had it: the admin's QoS table, every ledger row replayed, and each running
    /// job's charging resumed where its last row ended (that row is the one its next charges extend).
    private func rebuildBook(_ db: Database, policy: AccountingPolicy, accounts: AccountRegistry,
                             jobs: [Job]) throws -> AccountingBook {
        var book = AccountingBook(policy: policy)
        if let text = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'qos'") {
            book.setQoS(try JSONColumn.decode(QoSTable.self, from: text, what: "the QoS table"))
        }
        let charges = try Self.charges(db)
        book.replay(charges, accounts: accounts)
        let running = Set(jobs.filter { $0.state == .running }.map(\.id))
        book.resumeCharging(openRows: charges.filter { running.contains($0.job) })
        return book
    }

    private func loadHistory(_ db: Database) throws -> [JobID: [StateChange]] {
        var history: [JobID: [StateChange]] = [:]
        // The live jobs' histories only, each in order (the index on job_id, seq); the retired ones stay on disk.
        let sql = """
            SELECT t.job_id, t.at, t.state, t.reason FROM jobs j JOIN job_transitions t ON t.job_id = j.id
            WHERE j.retired = 0 ORDER BY t.job_id, t.seq
            """
        let rows = try Row.fetchCursor(db, sql: sql)
        while let row = try rows.next() {
            let id = JobID(UInt64(bitPattern: row["job_id"]))
            guard let state = JobState(rawValue: row["state"]) else {
                throw StoreError(.corruptRow, "job \(id) has an unknown state in its history")
            }
            history[id, default: []].append(
                StateChange(at: Instant(milliseconds: row["at"]), state: state, reason: row["reason"]))
        }
        return history
    }
}

/// Scripts read while loading, by row id: an array's tasks get one shared string (Swift strings are copy-on-write),
/// not a copy each, so a restart does not multiply the memory an array's script takes.
private struct SharedScripts {
    private var byID: [Int64: String] = [:]

    mutating func text(of id: Int64, _ db: Database) throws -> String {
        if let known = byID[id] { return known }
        guard let text = try String.fetchOne(db, sql: "SELECT text FROM job_scripts WHERE id = ?", arguments: [id]) else {
            throw StoreError(.corruptRow, "job script \(id) is missing from the database")
        }
        byID[id] = text
        return text
    }
}
