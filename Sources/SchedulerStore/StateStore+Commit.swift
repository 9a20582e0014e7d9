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
            throw StoreError(.writeFailed, "cannot write to the state database: \(error)")
        }
    }

    /// Synchronous variant, for command-line tools and tests.
    public func commitNow(_ transitions: [Transition]) throws {
        guard !transitions.isEmpty else { return }
        let rows = try CommitRows(transitions, renderAudit: auditRenderer)
        do {
            try writer.write { db in try rows.write(to: db) }
        } catch {
            throw StoreError(.writeFailed, "cannot write to the state database: \(error)")
        }
    }
}

/// A batch of transitions prepared outside the write lock: JSON is encoded before the transaction starts, and
/// a job changed several times in one batch is written once, in its final form.
private struct CommitRows: Sendable {
    var jobs: [JobID: (Job, String)] = [:]
    var jobOrder: [JobID] = []
    var history: [(JobID, StateChange)] = []
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
            jobs[id] = (job, try JSONColumn.encode(stored, with: encoder))
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

    private func writeJobsAndNodes(_ db: Database) throws {
        let upsertJob = try db.cachedStatement(sql: """
            INSERT INTO jobs (id, user, project, name, state, submit_time, start_time, end_time, exit_code, data)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET state = excluded.state, start_time = excluded.start_time,
                end_time = excluded.end_time, exit_code = excluded.exit_code, data = excluded.data
            """)
        for id in jobOrder {
            guard let (job, data) = jobs[id] else { continue }
            try upsertJob.execute(arguments: [
                Int64(bitPattern: job.id.rawValue), job.spec.user, job.spec.project, job.spec.name, job.state.rawValue,
                job.submitTime.milliseconds, job.startTime?.milliseconds, job.endTime?.milliseconds,
                job.exitCode.map { Int64($0) }, data,
            ])
        }
        let insertHistory = try db.cachedStatement(sql:
            "INSERT INTO job_transitions (job_id, at, state, reason) VALUES (?, ?, ?, ?)")
        for (id, change) in history {
            try insertHistory.execute(arguments: [
                Int64(bitPattern: id.rawValue), change.at.milliseconds, change.state.rawValue, change.reason,
            ])
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
