import SchedulerCore

/// `--repeat N`: the trace N times back to back, copy k shifted by k × (span + 1 s), where span is last − first
/// submit. Used to load the replay with more jobs than a trace has (docs/PERFORMANCE.md); line numbers stay those
/// of the original lines.
public enum TraceRepetition {
    public static func repeated(_ jobs: [TraceJob], times: Int) -> [TraceJob] {
        guard times > 1, let first = jobs.map(\.submit).min(), let last = jobs.map(\.submit).max() else { return jobs }
        let shift = (last - first).milliseconds + 1000
        return (0..<times).flatMap { copy in
            jobs.map { job in
                var job = job
                job.submit = job.submit + Span(milliseconds: shift * Int64(copy))
                return job
            }
        }
    }
}
