/// Slurm's `--mail-type` words (sbatch(1), `parse_mail_type` in `src/common/proc_args.c`): which events of a job
/// its owner is told about, through the centre's notifier command. Declared in Slurm's own print order.
///
/// When each is sent is decided in `MailTrigger`; `STAGE_OUT` (burst buffers, which aisched does not have) is
/// refused, so `ALL` means every event that can happen here.
public enum MailType: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
    /// Not an event: BEGIN, END, FAIL and REQUEUE about each task of an array, not about the array as a whole.
    case arrayTasks = "ARRAY_TASKS"
    /// The job's dependency can no longer be met (it stays pending with `DependencyNeverSatisfied`).
    case invalidDepend = "INVALID_DEPEND"
    case begin = "BEGIN"
    case end = "END"
    case fail = "FAIL"
    case requeue = "REQUEUE"
    case timeLimit50 = "TIME_LIMIT_50"
    case timeLimit80 = "TIME_LIMIT_80"
    case timeLimit90 = "TIME_LIMIT_90"
    case timeLimit = "TIME_LIMIT"

    public static func < (lhs: MailType, rhs: MailType) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// What `ALL` stands for (Slurm's list without STAGE_OUT, which cannot happen here).
    public static let all: [MailType] = [.invalidDepend, .begin, .end, .fail, .requeue]

    /// The words of Slurm's mail subject (`_mail_type_str` in `src/slurmctld/agent.c`).
    public var subjectWords: String {
        switch self {
        case .arrayTasks: "Array tasks"
        case .invalidDepend: "Invalid dependency"
        case .begin: "Began"
        case .end: "Ended"
        case .fail: "Failed"
        case .requeue: "Requeued"
        case .timeLimit50: "Reached 50% of time limit"
        case .timeLimit80: "Reached 80% of time limit"
        case .timeLimit90: "Reached 90% of time limit"
        case .timeLimit: "Reached time limit"
        }
    }

    /// For the time-limit events: the share of the time limit (per mille) at which they are sent.
    public var timeLimitPerMille: Int? {
        switch self {
        case .timeLimit50: 500
        case .timeLimit80: 800
        case .timeLimit90: 900
        case .timeLimit: 1000
        default: nil
        }
    }

    static let hint = "write comma-separated words from NONE, BEGIN, END, FAIL, REQUEUE, ALL, INVALID_DEPEND, "
        + "TIME_LIMIT, TIME_LIMIT_90, TIME_LIMIT_80, TIME_LIMIT_50, ARRAY_TASKS, e.g. END,FAIL"

    /// Reads a `--mail-type` list, in any case; every problem at once. `NONE` anywhere means no mail, as in Slurm.
    /// The result is sorted and has no duplicates; empty means none.
    public static func parseList(_ text: String) -> Result<[MailType], ValueProblem> {
        var types: Set<MailType> = []
        var none = false
        var reasons: [String] = []
        var unsupported = false
        // Slurm's strtok skips empty entries, so `END,,FAIL` is END,FAIL there too.
        let words = text.split(separator: ",").map { $0.trimmingSpaces.uppercased() }.filter { !$0.isEmpty }
        if words.isEmpty { reasons.append("no mail type is given") }
        for word in words {
            switch word {
            case "NONE": none = true
            case "ALL": types.formUnion(all)
            case "STAGE_OUT":
                unsupported = true
                reasons.append("STAGE_OUT reports a burst buffer's stage-out, and aisched has no burst buffers; remove it "
                               + "(END tells you the job ended)")
            default:
                if let type = MailType(rawValue: word) { types.insert(type) } else { reasons.append("\"\(word)\" is not a mail type") }
            }
        }
        guard reasons.isEmpty else { return .failure(ValueProblem(reasons: reasons, isUnsupported: unsupported, hint: hint)) }
        return .success(none ? [] : types.sorted())
    }

    /// The canonical text of a list (`BEGIN,END`), which `parseList` reads back; `NONE` for none.
    public static func text(_ types: [MailType]) -> String {
        types.isEmpty ? "NONE" : types.sorted().map(\.rawValue).joined(separator: ",")
    }
}
