import SchedulerCore

/// Cluster state sampled every `step` (a minute by default) from first submit to last end: allocated GPU and CPU
/// fractions (running at the sample instant) and the queue length (submitted, not yet first started).
public struct TimeSeries: Hashable, Sendable {
    public struct Sample: Hashable, Sendable {
        /// Seconds on the trace's clock.
        public var time: Double
        public var gpuUtilisation: Double
        public var cpuUtilisation: Double
        public var queueLength: Int
    }

    public var samples: [Sample]

    public init(_ result: ReplayResult, step: Span = .seconds(60)) {
        let outcomes = result.outcomes
        guard let first = outcomes.map(\.submit).min(), step.milliseconds > 0 else { samples = []; return }
        let last = outcomes.compactMap(\.end).max() ?? first
        var changes: [(at: Int64, gpus: Int, cpus: Int, queue: Int)] = []
        for o in outcomes {
            changes.append((o.submit.milliseconds, 0, 0, 1))
            if let start = o.firstStart { changes.append((start.milliseconds, 0, 0, -1)) }
            if let start = o.lastStart, let end = o.end {
                changes.append((start.milliseconds, o.gpus, o.cpus, 0))
                changes.append((end.milliseconds, -o.gpus, -o.cpus, 0))
            }
        }
        changes.sort { $0.at < $1.at }
        var samples: [Sample] = []
        var gpus = 0, cpus = 0, queue = 0, next = 0
        var t = first.milliseconds
        while t <= last.milliseconds {
            while next < changes.count, changes[next].at <= t {
                gpus += changes[next].gpus
                cpus += changes[next].cpus
                queue += changes[next].queue
                next += 1
            }
            samples.append(Sample(time: Double(t) / 1000,
                                  gpuUtilisation: result.totalGPUs > 0 ? Double(gpus) / Double(result.totalGPUs) : 0,
                                  cpuUtilisation: result.totalCPUs > 0 ? Double(cpus) / Double(result.totalCPUs) : 0,
                                  queueLength: queue))
            t += step.milliseconds
        }
        self.samples = samples
    }
}
