import SchedulerCore
import SchedulerProtocol

/// Every problem of one request, each with the hint that says what to do, answered at once (a hint shared by
/// several problems is given once). Used by the listings' request mappings.
struct RequestProblems {
    private(set) var problems: [String] = []
    private var hints: [String] = []
    /// A problem that is a refusal (not a malformed request): the answer is `permissionDenied`.
    private var refused = false

    var isEmpty: Bool { problems.isEmpty }

    mutating func add(_ problem: String, hint: String, refusal: Bool = false) {
        problems.append(problem)
        if !hints.contains(hint) { hints.append(hint) }
        refused = refused || refusal
    }

    /// Jobs as Slurm names them ("42", "42_3"); each name that is neither is a problem.
    mutating func selectors(_ texts: [String]) -> [JobSelector] {
        texts.compactMap { text in
            guard let selector = JobSelector(text) else {
                add("\"\(text)\" is not a job or array task",
                    hint: "name a job as ID, or one task of an array as ARRAYID_TASK (42_3)")
                return nil
            }
            return selector
        }
    }

    /// The one answer to all of them.
    var reply: ErrorReply {
        ErrorReply(code: refused ? .permissionDenied : .invalidRequest, message: problems.joined(separator: "; "),
                   hint: hints.joined(separator: "; "))
    }
}
