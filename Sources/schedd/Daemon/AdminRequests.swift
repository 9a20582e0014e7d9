import Foundation
import SchedulerCore
import SchedulerProtocol
import SchedulerStore

/// Accounts, QoS, audit and job priority (kinds 80–93; usage and reports are `ReportRequests`). Changes need an
/// admin token and go through the core (validated, committed with their audit records); reads are scoped to the
/// caller. RequestRouter calls the one its RPC table names.
struct AdminRequests {
    let service: SchedulerService
    let queries: QueryPool
    /// Whose turn the pool's work for this request takes (the connection).
    let client: QueryPool.Client
    let store: StateStore
    let budget: ReplyBudget

    static let auditPageSize: UInt32 = 1_000

    func changeAccounts(_ frame: Frame, _ principal: Principal) async throws -> Frame {
        try Self.requireAdmin(principal, to: "change accounts")
        let change = try AccountWireMapping.change(try frame.decode(AccountChangeRequest.self)).get()
        // Budgets given new periods are recomputed from the ledger rows of the projects the change touches.
        let touched = try await queries.read(for: client) { Self.projectsTouched(by: change, in: $0.state.accounts) }
        let store = self.store
        let ledger = touched.isEmpty ? [] : try await queries.run(for: client) { try store.ledger(projects: touched) }
        let reply = await service.perform { .accountChangeRequested(change, ledger: ledger, by: principal, request: $0) }
        return try Self.auditReply(reply, kind: .accountChangeReply, frame)
    }

    func changeQoS(_ frame: Frame, _ principal: Principal) async throws -> Frame {
        try Self.requireAdmin(principal, to: "change QoS levels")
        let (level, policy) = try AccountWireMapping.qos(try frame.decode(QoSUpdate.self).qos).get()
        let reply = await service.perform { .qosChangeRequested(level, policy, by: principal, request: $0) }
        return try Self.auditReply(reply, kind: .qosUpdateReply, frame)
    }

    func listAccounts(_ frame: Frame, _ principal: Principal) async throws -> Frame {
        let filter = try frame.decode(ListAccounts.self)
        let viewer = principal.role == .admin ? nil : principal.name
        let list = try await queries.read(for: client) {
            AccountWireMapping.accountList($0.state.accounts, qos: $0.state.book.policy.qos, filter: filter, viewer: viewer)
        }
        return Frame(kind: .accountList, requestID: frame.requestID, message: list)
    }

    /// A page of the audit log, read on the query pool, filled up to the page's byte budget.
    func listAudit(_ frame: Frame, _ principal: Principal) async throws -> Frame {
        try Self.requireAdmin(principal, to: "read the audit log")
        let query = try frame.decode(ListAudit.self)
        let limit = Int(query.limit == 0 ? Self.auditPageSize : min(query.limit, Self.auditPageSize))
        let (store, budget) = (self.store, self.budget)
        return try await queries.run(for: client) {
            let rows = try store.audit(afterSeq: Int64(clamping: query.afterSeq),
                                       subject: query.subject.isEmpty ? nil : query.subject, limit: limit + 1)
            var page = ListingPage<AuditEntryInfo>(budget: budget.pageBytes)
            for row in rows.prefix(limit) {
                guard page.add(Self.fitted(Self.entry(row), within: budget.entryBytes)) else { break }
            }
            var list = AuditList()
            list.entries = page.entries
            list.more = rows.count > page.entries.count
            return Frame(kind: .auditList, requestID: frame.requestID, message: list)
        }
    }

    /// An audit entry whose before and after texts are too large for a page share is listed with them cut.
    static func fitted(_ entry: AuditEntryInfo, within bytes: Int) -> AuditEntryInfo {
        guard entry.wireBuffer().readableBytes > bytes else { return entry }
        var cut = entry
        let share = max(JobListingEntry.cutBytes, bytes / 4)
        cut.before = JobListingEntry.cut(entry.before, to: share)
        cut.after = JobListingEntry.cut(entry.after, to: share)
        cut.subject = JobListingEntry.cut(entry.subject, to: JobListingEntry.cutBytes)
        return cut
    }

    func priority(_ frame: Frame, _ principal: Principal) async throws -> Frame {
        let id = JobID(try frame.decode(JobPriorityRequest.self).jobID)
        let now = WallClock().now()
        let result = try await queries.read(for: client) { scheduler in
            scheduler.priority(of: id, visibleTo: principal, at: now).map { p in
                (p, scheduler.state.jobs[id]?.spec.project ?? "", scheduler.state.jobs[id]?.spec.user ?? "")
            }
        }
        let (p, project, user) = try result.mapError(WireMapping.errorReply).get()
        let info = AccountWireMapping.priorityInfo(p.breakdown, input: p.input, model: p.model, project: project,
                                                   user: user, at: now, position: p.position, pendingJobs: p.pendingJobs)
        return Frame(kind: .priorityBreakdown, requestID: frame.requestID, message: info)
    }

    // MARK: - Helpers

    static func requireAdmin(_ principal: Principal, to action: String) throws {
        guard principal.role == .admin else {
            throw ErrorReply(code: .permissionDenied, message: "only an admin token may \(action)",
                             hint: "ask a centre admin (schedd token issue --role admin)")
        }
    }

    /// The projects whose budgets a change may touch: the project itself, or every project of a scheme.
    static func projectsTouched(by change: AccountChange, in accounts: AccountRegistry) -> Set<String> {
        switch change {
        case .createProject(let p), .updateProject(let p): [p.name]
        case .createScheme(let s), .updateScheme(let s):
            Set(accounts.projects.values.filter { $0.scheme == s.name }.map(\.name))
        default: []
        }
    }

    static func auditReply(_ reply: Reply, kind: MessageKind, _ frame: Frame) throws -> Frame {
        switch reply {
        case .changed(let records):
            var list = AuditList()
            list.entries = records.map { record in
                StoredAuditEntry(seq: 0, at: record.at, actor: record.actor, action: record.action,
                                 subject: record.subject, before: renderAudit(record.before),
                                 after: renderAudit(record.after))
            }.map(entry)
            return Frame(kind: kind, requestID: frame.requestID, message: list)
        case .rejected(let rejection):
            throw WireMapping.errorReply(rejection)
        default:
            throw ErrorReply(code: .internal, message: "unexpected answer to \(frame.kind)")
        }
    }

    static func entry(_ row: StoredAuditEntry) -> AuditEntryInfo {
        var entry = AuditEntryInfo()
        entry.seq = UInt64(max(0, row.seq))
        entry.atMs = row.at.milliseconds
        entry.actor = row.actor
        entry.action = row.action
        entry.subject = row.subject
        entry.before = row.before ?? ""
        entry.after = row.after ?? ""
        return entry
    }

    /// The audit log's JSON for people (the store writes the same text, see `ServeCommand`).
    @Sendable static func renderAudit(_ value: AuditedValue?) -> String? {
        switch value {
        case nil: nil
        case .account(let entity)?: AccountWireMapping.auditJSON(entity)
        case .qos(let level, let policy)?: AccountWireMapping.auditJSON(level, policy)
        case .node(let control)?: AccountWireMapping.auditJSON(control)
        }
    }
}
