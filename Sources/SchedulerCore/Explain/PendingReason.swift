/// Why a pending job is not running, in the order of precedence used when several apply
/// (the first that applies is reported). Raw values are the words researchers see, as in Slurm's squeue.
public enum PendingReason: String, Sendable, Codable, CaseIterable {
    /// The user or an admin holds it.
    case held = "Held"
    /// It waits for other jobs to finish (dependencies).
    case dependency = "Dependency"
    /// A job it depends on ended in a way that can never satisfy the dependency; only cancelling helps.
    case dependencyNeverSatisfied = "DependencyNeverSatisfied"
    /// As many tasks of its job array run as the array's `%N` allows.
    case arrayTaskLimit = "JobArrayTaskLimit"
    /// It has a begin time in the future.
    case beginTime = "BeginTime"
    /// Its project's funding is spent.
    case budgetExhausted = "BudgetExhausted"
    /// Its project is at a limit (GPUs in use, running jobs).
    case quotaLimit = "QuotaLimit"
    /// No node that could ever run it is up.
    case nodesDown = "NodesDown"
    /// Nodes that could run it are up but an admin drained them or set them down (Slurm's word). The job's reason
    /// goes on to name them and why: `ReqNodeNotAvail, UnavailableNodes:dgx-01 (drained by alice: …)`.
    case nodesDrained = "ReqNodeNotAvail"
    /// No node in the centre could ever run it.
    case unsatisfiable = "Unsatisfiable"
    /// It is next in line but the resources are busy.
    case resources = "Resources"
    /// Jobs ahead of it in the queue go first.
    case priority = "Priority"
}

extension PendingReason {
    /// The reason as squeue shows it: its word, then its detail after a comma (Slurm's `ReqNodeNotAvail, …`).
    public func text(detail: String?) -> String {
        guard let detail, !detail.isEmpty else { return rawValue }
        return rawValue + ", " + detail
    }
}
