/// Slurm's job state names as squeue's `-t/--states` takes them (long or short, any case, comma-separated, `all`),
/// turned into the names `queryJobs` takes. A Slurm state aisched's jobs never have is refused, saying so.
public enum SqueueStates {
    /// aisched's states with Slurm's compact names (`%t`), in Slurm's order. COMPLETING is a moment rather than a
    /// state of an aisched job: it has ended and its processes are still being stopped (`JobInfo.completing`).
    public static let names: [(long: String, short: String)] = [
        ("PENDING", "PD"), ("RUNNING", "R"), ("COMPLETING", "CG"), ("COMPLETED", "CD"), ("FAILED", "F"),
        ("CANCELLED", "CA"), ("TIMEOUT", "TO"), ("NODE_FAIL", "NF"),
    ]

    /// Slurm's states that aisched's jobs never reach, and what aisched does instead where that helps.
    static let absent: [(long: String, short: String, instead: String)] = [
        ("SUSPENDED", "S", "aisched does not suspend jobs"),
        ("PREEMPTED", "PR", "a preempted job is requeued: it shows as PENDING"),
        ("REQUEUED", "RQ", "a requeued job shows as PENDING"),
        ("REQUEUE_HOLD", "RH", "a requeued job shows as PENDING"),
        ("REQUEUE_FED", "RF", "a requeued job shows as PENDING"),
        ("OUT_OF_MEMORY", "OOM", "a job killed for memory ends FAILED"),
        ("BOOT_FAIL", "BF", "aisched does not boot nodes; a job a node lost ends NODE_FAIL"),
        ("CONFIGURING", "CF", "a starting job is RUNNING"),
        ("DEADLINE", "DL", "aisched has no deadlines"),
        ("RESIZING", "RS", "aisched does not resize jobs"),
        ("RESV_DEL_HOLD", "RD", "aisched has no advance reservations"),
        ("REVOKED", "RV", "aisched has no federation"),
        ("SIGNALING", "SI", "a signalled job keeps its state"),
        ("SPECIAL_EXIT", "SE", "aisched has no special exit state"),
        ("STAGE_OUT", "SO", "aisched has no burst buffers"),
        ("STOPPED", "ST", "aisched does not stop jobs"),
    ]

    /// The compact name of a long one (`PENDING` → `PD`), the long name itself if it has none.
    public static func short(_ long: String) -> String {
        names.first { $0.long == long }?.short ?? long
    }

    /// Long names for every word of every list; all unknown words reported at once.
    public static func parse(_ lists: [String]) -> Result<[String], SqueueOptionError> {
        var states: [String] = []
        var problems: [String] = []
        for word in lists.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            switch resolve(String(word)) {
            case .success(let found): states += found.filter { !states.contains($0) }
            case .failure(let problem): problems += problem.problems
            }
        }
        return problems.isEmpty ? .success(states) : .failure(SqueueOptionError(problems))
    }

    private static func resolve(_ word: String) -> Result<[String], SqueueOptionError> {
        // State names hold no spaces: `-t "PD, R"` means PD and R.
        let upper = String(word.filter { $0 != " " }).uppercased()
        if upper == "ALL" { return .success(names.map(\.long)) }
        if let known = names.first(where: { $0.long == upper || $0.short == upper }) { return .success([known.long]) }
        let accepted = "the states are " + names.map { "\($0.long) (\($0.short))" }.joined(separator: ", ") + ", or all"
        if let slurm = absent.first(where: { $0.long == upper || $0.short == upper }) {
            return .failure(SqueueOptionError(["--states \(word): \(slurm.long) is a Slurm state aisched's jobs never have "
                                               + "(\(slurm.instead)); " + accepted]))
        }
        return .failure(SqueueOptionError(["--states \"\(word)\" is not a job state; " + accepted]))
    }
}
