/// Checks a submission for requests that can never make sense, before anything is stored.
struct SubmissionValidator {
    let settings: SchedulerSettings
    static let longestTimeLimit = Span.minutes(365 * 24 * 60)

    func problem(with spec: JobSpec) -> Rejection? {
        let r = spec.request
        if spec.argv.isEmpty && (spec.script ?? "").isEmpty {
            return Rejection(.invalidRequest, "the job has no command",
                             hint: "give a command after --, or a batch script")
        }
        if !spec.workdir.hasPrefix("/") {
            return Rejection(.invalidRequest, "working directory \"\(spec.workdir)\" is not an absolute path",
                             hint: "pass --workdir with a path starting with /")
        }
        if r.nodes < 1 || r.nodes > settings.maxNodesPerJob {
            return Rejection(.invalidRequest, "a job needs between 1 and \(settings.maxNodesPerJob) nodes, not \(r.nodes)")
        }
        if r.cpusPerNode < 1 {
            return Rejection(.invalidRequest, "a job needs at least one CPU per node, not \(r.cpusPerNode)")
        }
        if r.gpusPerNode < 0 || r.memoryMBPerNode < 0 {
            return Rejection(.invalidRequest, "GPU and memory requests cannot be negative")
        }
        if let limit = r.timeLimit, limit.milliseconds <= 0 || limit > Self.longestTimeLimit {
            return Rejection(.invalidRequest, "the time limit must be between 1 second and 365 days",
                             hint: "pass --time as minutes, HH:MM:SS or D-HH:MM:SS")
        }
        if let bad = spec.environment.first(where: { !$0.contains("=") || $0.hasPrefix("=") }) {
            return Rejection(.invalidRequest, "environment entry \"\(bad)\" is not NAME=value")
        }
        return nil
    }
}
