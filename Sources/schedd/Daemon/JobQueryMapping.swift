import SchedulerCore
import SchedulerProtocol

/// A `queryJobs` request as the core's `JobQuery`. Every unreadable state and job name is reported in one answer.
enum JobQueryMapping {
    /// Slurm's COMPLETING: not a state of aisched's jobs but a moment of one (`Job.isCompleting`).
    static let completing = "COMPLETING"

    static func query(from q: QueryJobs) -> Result<JobQuery, ErrorReply> {
        var query = JobQuery(allUsers: q.allUsers, users: Set(q.users), ids: Set(q.jobIDs.map { JobID($0) }),
                             includeFinished: q.includeFinished)
        var problems = RequestProblems()
        for name in q.states {
            if name.uppercased() == completing {
                query.completing = true
            } else if let state = JobState(rawValue: name.uppercased()) {
                query.states.insert(state)
            } else {
                problems.add("unknown job state \"\(name)\"",
                             hint: "states: " + (JobState.allCases.map(\.rawValue) + [completing]).joined(separator: ", "))
            }
        }
        query.selectors = problems.selectors(q.selectors)
        return problems.isEmpty ? .success(query) : .failure(problems.reply)
    }
}
