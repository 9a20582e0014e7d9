import SchedulerCore

/// `--load X`: arrivals re-timed to X times the trace's rate (submit' = first + (submit − first) / X), durations
/// unchanged, as the Alibaba PAI and Blox simulators vary load. X = 1 is the trace as recorded.
public enum TraceRetiming {
    public static func scaled(_ jobs: [TraceJob], load: Double) -> [TraceJob] {
        guard load > 0, load != 1, let first = jobs.map(\.submit).min() else { return jobs }
        return jobs.map { job in
            var job = job
            let offset = Double((job.submit - first).milliseconds) / load
            job.submit = first + Span(milliseconds: Int64(offset.rounded()))
            return job
        }
    }
}
