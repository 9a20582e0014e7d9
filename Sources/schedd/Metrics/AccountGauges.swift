import SchedulerCore

/// Budgets in GPU-hours per project and per funding scheme, as `aisubmit usage` and the funding report count them
/// (docs/FAIRSHARE.md): what the active period allocated (with what rolled over into it), what was used in it, and
/// what is left. The closest of Kueue's are `kueue_cluster_queue_nominal_quota` and
/// `kueue_cluster_queue_resource_usage`; Slurm's are sshare's GrpTRESMins and RawUsage.
///
/// Only accounts with a budget period running now are listed: an unlimited account has no budget to run out of,
/// and one between periods has none to spend (its jobs wait with `BudgetExhausted`).
enum AccountGauges {
    static func families(of scheduler: Scheduler, at now: Instant) -> [GaugeFamily] {
        let accounts = scheduler.state.accounts
        let book = scheduler.state.book
        let projects = accounts.projects.keys.sorted().compactMap { name -> ([String: String], BudgetStatus)? in
            guard let project = accounts.projects[name],
                  let status = book.budgetState(of: .project(name), accounts: accounts, at: now).status else { return nil }
            return (["project": name, "scheme": project.scheme], status)
        }
        let schemes = accounts.schemes.keys.sorted().compactMap { name -> ([String: String], BudgetStatus)? in
            guard let status = book.budgetState(of: .scheme(name), accounts: accounts, at: now).status else { return nil }
            return (["scheme": name], status)
        }
        return families("project", "project", projects) + families("scheme", "funding scheme", schemes)
    }

    private static func families(_ level: String, _ noun: String,
                                 _ rows: [([String: String], BudgetStatus)]) -> [GaugeFamily] {
        let parts: [(String, String, KeyPath<BudgetStatus, Double>)] = [
            ("gpu_hours_allocated", "GPU-hours the \(noun)'s active budget period allocates, with what rolled over", \.allocated),
            ("gpu_hours_used", "GPU-hours the \(noun) used in its active budget period", \.used),
            ("gpu_hours_remaining", "GPU-hours left in the \(noun)'s active budget period (below 0 when overrun)", \.remaining),
        ]
        return parts.map { part, meaning, path in
            GaugeFamily("aisched_\(level)_\(part)", help: meaning + ".",
                        samples: rows.map { GaugeSample($0.0, $0.1[keyPath: path]) })
        }
    }
}
