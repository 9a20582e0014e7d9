/// Admin changes to the accounts tree and the QoS table: validated by the registry, recorded in the audit log in
/// the same commit, and refused as a whole (nothing changed) when invalid.
extension Scheduler {
    mutating func changeAccounts(_ change: AccountChange, ledger: [UsageCharge], by principal: Principal,
                                 at now: Instant, into fx: inout Effects) -> Reply {
        guard principal.role == .admin else {
            return .rejected(Rejection(.permissionDenied, "only admins can change accounts"))
        }
        let before = state.accounts
        let after: AccountRegistry
        switch before.applying(change) {
        case .failure(let rejection): return .rejected(rejection)
        case .success(let registry): after = registry
        }
        state.accounts = after
        rebuildBudgets(changedBetween: before, and: after, ledger: ledger)
        let records = after.diff(from: before).map { entry in
            AuditRecord(at: now, actor: principal.name, action: change.action, subject: entry.subject.description,
                        before: entry.before.map(AuditedValue.account), after: entry.after.map(AuditedValue.account))
        }
        fx.transitions.append(.accountsChanged(after))
        fx.transitions += records.map(Transition.auditRecorded)
        return .changed(records)
    }

    mutating func changeQoS(_ level: QoS, to policy: QoSPolicy, by principal: Principal, at now: Instant,
                            into fx: inout Effects) -> Reply {
        guard principal.role == .admin else {
            return .rejected(Rejection(.permissionDenied, "only admins can change QoS levels"))
        }
        var table = state.book.policy.qos
        let old = table[level]
        table[level] = policy
        var candidate = state.book.policy
        candidate.qos = table
        if let problem = candidate.validate() { return .rejected(problem) }
        state.book.setQoS(table)
        let record = AuditRecord(at: now, actor: principal.name, action: "update-qos", subject: "qos \(level.rawValue)",
                                 before: .qos(level, old), after: .qos(level, policy))
        fx.transitions.append(.qosChanged(table))
        fx.transitions.append(.auditRecorded(record))
        return .changed([record])
    }

    /// Budget totals of accounts whose periods changed are recomputed from their ledger rows.
    private mutating func rebuildBudgets(changedBetween before: AccountRegistry, and after: AccountRegistry,
                                         ledger: [UsageCharge]) {
        var changed: [AccountRef] = []
        for (name, scheme) in after.schemes where before.schemes[name]?.budgets != scheme.budgets {
            changed.append(.scheme(name))
        }
        for (name, project) in after.projects where before.projects[name]?.budgets != project.budgets {
            changed.append(.project(name))
        }
        for account in changed.sorted() {
            state.book.rebuildBudget(of: account, from: ledger, accounts: after)
        }
    }
}

extension AccountChange {
    /// The verb recorded in the audit log, e.g. "update-project".
    public var action: String {
        switch self {
        case .createScheme: "create-scheme"
        case .updateScheme: "update-scheme"
        case .deleteScheme: "delete-scheme"
        case .createProject: "create-project"
        case .updateProject: "update-project"
        case .deleteProject: "delete-project"
        case .createUser: "create-user"
        case .updateUser: "update-user"
        case .deleteUser: "delete-user"
        case .addMember: "add-member"
        case .removeMember: "remove-member"
        }
    }
}
