import SchedulerCore
import SchedulerProtocol

/// A `queryJobs` request as the core's `JobQuery`. Every unreadable state and job name is reported in one answer.
enum JobQueryMapping {
    /// Slurm's COMPLETING: not a state of aisched's jobs but a moment of one (`Job.isCompleting`).
    static let completing = "COMPLETING"

    static func query(from q: QueryJobs) -> Result<JobQuery, ErrorReply> {
        var query = JobQuery(allUsers: q.allUsers, users: Set(q.users), ids: Set(q.jobIDs.map { JobID($0) }),
                             includeFinished: q.includeFinished)
        var problems: [String] = []
        var hints: [String] = []
        func hint(_ text: String) { if !hints.contains(text) { hints.append(text) } }
        for name in q.states {
            if name.uppercased() == completing {
                query.completing = true
            } else if let state = JobState(rawValue: name.uppercased()) {
                query.states.insert(state)
            } else {
                problems.append("unknown job state \"\(name)\"")
                hint("states: " + (JobState.allCases.map(\.rawValue) + [completing]).joined(separator: ", "))
            }
        }
        for text in q.selectors {
            if let selector = JobSelector(text) {
                query.selectors.append(selector)
            } else {
                problems.append("\"\(text)\" is not a job or array task")
                hint("name a job as ID, or one task of an array as ARRAYID_TASK (42_3)")
            }
        }
        guard problems.isEmpty else {
            return .failure(ErrorReply(code: .invalidRequest, message: problems.joined(separator: "; "),
                                       hint: hints.joined(separator: "; ")))
        }
        return .success(query)
    }
}
