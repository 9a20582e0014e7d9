import SchedulerCore

/// The figures a replay is judged by, computed as the papers in `data/traces/README.md` compute them. Times are
/// seconds on the trace's clock. JCT, queueing delay and bounded slowdown are over jobs that finished.
public struct SimulationMetrics: Hashable, Sendable {
    public var policy: SimulationPolicy
    /// Jobs the core accepted.
    public var jobs: Int
    public var finished: Int
    public var neverStarted: Int
    public var rejected: Int
    public var timedOut: Int
    /// JCT = end − submit.
    public var completionTime: Summary
    /// Queueing delay = first start − submit.
    public var queueingDelay: Summary
    /// max(1, (wait + run) / max(run, τ)), τ = 10 s (Feitelson).
    public var boundedSlowdown: Summary
    /// Allocated GPU-seconds / (GPUs × window); nil on a cluster without GPUs.
    public var gpuUtilisation: Double?
    public var cpuUtilisation: Double
    public var window: UtilisationWindow
    public var windowStart: Double
    public var windowEnd: Double
    /// Jobs that waited more than 24 h (never-started ones included) over all accepted jobs.
    public var waitingOver24h: Double
    /// Last end − first submit.
    public var makespan: Double
    public var projects: [ProjectMetrics]
    /// Jain's index over the projects' share attainment.
    public var jainIndex: Double
    /// How well the first start estimates held.
    public var estimates: EstimateAccuracy
    public var handleCalls: Int

    static let tau = 10.0
    static let day = 24.0 * 3600

    public init(_ result: ReplayResult, window: UtilisationWindow = .steady) {
        let outcomes = result.outcomes
        let done = outcomes.filter(\.finished)
        policy = result.policy
        jobs = outcomes.count
        finished = done.count
        neverStarted = result.neverStarted
        rejected = result.rejected.values.reduce(0, +)
        timedOut = outcomes.filter { $0.state == .timeout }.count
        completionTime = Summary(done.map { Self.seconds($0.completionTime) })
        queueingDelay = Summary(done.map { Self.seconds($0.queueingDelay) })
        boundedSlowdown = Summary(done.map(Self.boundedSlowdown))
        self.window = window
        let interval = window.interval(of: outcomes)
        windowStart = interval.map { Self.seconds($0.start.milliseconds) } ?? 0
        windowEnd = interval.map { Self.seconds($0.end.milliseconds) } ?? 0
        let gpuSeconds = Self.allocated(done, in: interval) { $0.gpus }
        let cpuSeconds = Self.allocated(done, in: interval) { $0.cpus }
        let length = windowEnd - windowStart
        gpuUtilisation = result.totalGPUs > 0 ? (length > 0 ? gpuSeconds / (Double(result.totalGPUs) * length) : 0) : nil
        cpuUtilisation = result.totalCPUs > 0 && length > 0 ? cpuSeconds / (Double(result.totalCPUs) * length) : 0
        let starved = outcomes.filter { o in o.queueingDelay.map { Self.seconds($0) > Self.day } ?? true }.count
        waitingOver24h = outcomes.isEmpty ? 0 : Double(starved) / Double(outcomes.count)
        let firstSubmit = outcomes.map(\.submit).min()
        let lastEnd = done.compactMap(\.end).max()
        makespan = firstSubmit.flatMap { s in lastEnd.map { Self.seconds($0 - s) } } ?? 0
        let byGPU = result.totalGPUs > 0 && outcomes.contains { $0.gpus > 0 }
        projects = ShareAttainment.projects(outcomes, shares: result.projectShares, byGPU: byGPU)
        jainIndex = ShareAttainment.jain(projects.map(\.attainment))
        estimates = EstimateAccuracy(outcomes)
        handleCalls = result.handleCalls
    }

    static func boundedSlowdown(_ o: JobOutcome) -> Double {
        let wait = seconds(o.queueingDelay)
        let run = seconds(o.runTime)
        return max(1, (wait + run) / max(run, tau))
    }

    /// Resource-seconds of the jobs' final runs that fall inside the interval.
    static func allocated(_ done: [JobOutcome], in interval: (start: Instant, end: Instant)?,
                          _ amount: (JobOutcome) -> Int) -> Double {
        guard let interval else { return 0 }
        var total = 0.0
        for o in done {
            guard let start = o.lastStart, let end = o.end else { continue }
            let overlap = min(end, interval.end).milliseconds - max(start, interval.start).milliseconds
            if overlap > 0 { total += Double(overlap) / 1000 * Double(amount(o)) }
        }
        return total
    }

    static func seconds(_ span: Span?) -> Double { Double(span?.milliseconds ?? 0) / 1000 }
    static func seconds(_ milliseconds: Int64) -> Double { Double(milliseconds) / 1000 }
}
