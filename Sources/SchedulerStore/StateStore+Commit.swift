import GRDB
import SchedulerCore

/// Transitions → rows, in one transaction.
extension StateStore {
    /// Durably applies a batch of transitions. When this returns, they survive a crash; if it throws, none
    /// of them were applied.
    public func commit(_ transitions: [Transition]) async throws {
        guard !transitions.isEmpty else { return }
        let rows = try CommitRows(transitions, renderAudit: auditRenderer)
        do {
            try await writer.write { db in try rows.write(to: db) }
        } catch {
            throw Self.writeError(error, "write to the state database")
        }
    }

    /// Synchronous variant, for command-line tools and tests.
    public func commitNow(_ transitions: [Transition]) throws {
        guard !transitions.isEmpty else { return }
        let rows = try CommitRows(transitions, renderAudit: auditRenderer)
        do {
            try writer.write { db in try rows.write(to: db) }
        } catch {
            throw Self.writeError(error, "write to the state database")
        }
    }
}

/// A batch of transitions prepared outside the write lock: JSON is encoded before the transaction starts, and
/// a job changed several times in one batch is written once, in its final form.
private struct CommitRows: Sendable {
    /// Each job with its JSON (without its script) and the id of its script's row, if it has a script.
    var jobs: [JobID: (Job, String, Int64?)] = [:]
    /// Scripts by row id: one per submission (an array's tasks share their first task's), written once.
    var scripts: [Int64: String] = [:]
    var jobOrder: [JobID] = []
    var history: [(JobID, StateChange)] = []
    /// Jobs that left the live state: their rows stay, flagged, after this batch's last change of them.
    var retired: [JobID] = []
    var nodes: [String: (Node, String, control: String?)] = [:]
    var charges: [UsageCharge] = []
    var accounts: AccountRegistry?
    var qos: QoSTable?
    var audit: [(AuditRecord, before: String?, after: String?)] = []

    init(_ transitions: [Transition], renderAudit: AuditRenderer) throws {
        var latestJobs: [JobID: Job] = [:]
        var latestNodes: [String: Node] = [:]
        for transition in transitions {
            switch transition {
            case .jobChanged(let job):
                if latestJobs.updateValue(job, forKey: job.id) == nil { jobOrder.append(job.id) }
            case .jobHistoryAppended(let id, let change):
                history.append((id, change))
            case .jobRetired(let id):
                retired.append(id)
            case .nodeChanged(let node):
                latestNodes[node.name] = node
            case .usageCharged(let charge):
                charges.append(charge)
            case .accountsChanged(let registry):
                accounts = registry
            case .qosChanged(let table):
                qos = table
            case .auditRecorded(let record):
                audit.append((record, try renderAudit(record.before), try renderAudit(record.after)))
            }
        }
        let encoder = JSONColumn.makeEncoder()
        for (id, job) in latestJobs {
            var stored = job
            stored.history = [] // kept in job_transitions
            var scriptID: Int64?
            if let script = job.spec.script {
                // Kept in job_scripts, once for the whole array: the JSON would copy it into every task's row.
                let owner = Int64(bitPattern: (job.arrayJobID ?? job.id).rawValue)
                scripts[owner] = script
                scriptID = owner
                stored.spec.script = nil
            }
            jobs[id] = (job, try JSONColumn.encode(stored, with: encoder), scriptID)
        }
        for (name, node) in latestNodes {
            nodes[name] = (node, try JSONColumn.encode(node.inventory, with: encoder),
                           try node.control.map { try JSONColumn.encode($0, with: encoder) })
        }
    }

    func write(to db: Database) throws {
        try writeJobsAndNodes(db)
        if !charges.isEmpty { try StateStore.upsertCharges(charges, db) }
        if let accounts { try StateStore.writeAccounts(accounts, db) }
        if let qos { try StateStore.writeQoSTable(qos, db) }
        if !audit.isEmpty { try StateStore.insertAudit(audit, db) }
    }

    /// A script is written when its submission is; later changes of its jobs only look it up (a state change of a
    /// job with a 3 MB script must not copy 3 MB).
    private func writeScripts(_ db: Database) throws {
        let exists = try db.cachedStatement(sql: "SELECT 1 FROM job_scripts WHERE id = ?")
        let insert = try db.cachedStatement(sql: "INSERT INTO job_scripts (id, text) VALUES (?, ?)")
        for id in scripts.keys.sorted() {
            guard try Int.fetchOne(exists, arguments: [id]) == nil, let text = scripts[id] else { continue }
            try insert.execute(arguments: [id, text])
        }
    }

    private func writeJobsAndNodes(_ db: Database) throws {
        try writeScripts(db)
        let upsertJob = try db.cachedStatement(sql: """
            INSERT INTO jobs (id, user, project, name, state, submit_time, start_time, end_time, exit_code, data,
                              script_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET state = excluded.state, start_time = excluded.start_time,
                end_time = excluded.end_time, exit_code = excluded.exit_code, data = excluded.data,
                script_id = excluded.script_id
            """)
        for id in jobOrder {
            guard let (job, data, scriptID) = jobs[id] else { continue }
            try upsertJob.execute(arguments: [
                Int64(bitPattern: job.id.rawValue), job.spec.user, job.spec.project, job.spec.name, job.state.rawValue,
                job.submitTime.milliseconds, job.startTime?.milliseconds, job.endTime?.milliseconds,
                job.exitCode.map { Int64($0) }, data, scriptID,
            ])
        }
        let insertHistory = try db.cachedStatement(sql:
            "INSERT INTO job_transitions (job_id, at, state, reason) VALUES (?, ?, ?, ?)")
        for (id, change) in history {
            try insertHistory.execute(arguments: [
                Int64(bitPattern: id.rawValue), change.at.milliseconds, change.state.rawValue, change.reason,
            ])
        }
        let retire = try db.cachedStatement(sql: "UPDATE jobs SET retired = 1 WHERE id = ?")
        for id in retired {
            try retire.execute(arguments: [Int64(bitPattern: id.rawValue)])
        }
        let upsertNode = try db.cachedStatement(sql: """
            INSERT INTO nodes (name, status, address, cpus, memory_mb, gpus, last_heard, data, control)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(name) DO UPDATE SET status = excluded.status, address = excluded.address,
                cpus = excluded.cpus, memory_mb = excluded.memory_mb, gpus = excluded.gpus,
                last_heard = excluded.last_heard, data = excluded.data, control = excluded.control
            """)
        for name in nodes.keys.sorted() {
            guard let (node, data, control) = nodes[name] else { continue }
            let inventory = node.inventory
            try upsertNode.execute(arguments: [
                name, node.status.rawValue, inventory.address, inventory.cpuIDs.count, inventory.memoryMB,
                inventory.gpuIndices.count, node.lastHeard.milliseconds, data, control,
            ])
        }
    }
}
