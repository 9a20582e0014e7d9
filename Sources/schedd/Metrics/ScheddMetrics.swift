import CoreMetrics
import Metrics
import Prometheus
import SchedulerCore

/// What schedd measures as it works (docs/METRICS.md): how long scheduling cycles, requests and commits take, and how
/// many events a commit carries. The state gauges (jobs, nodes, GPUs, budgets) are not here: `SchedulerGauges`
/// computes them when Prometheus scrapes, from the last committed scheduler.
///
/// Recorded through swift-metrics' `Timer` and `Recorder` with an explicit factory, not the process-wide
/// `MetricsSystem.bootstrap`: each schedd (and each test) has a registry of its own, and a library's metrics never
/// land in ours by accident.
final class ScheddMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let fullCycles: CoreMetrics.Timer
    private let incrementalCycles: CoreMetrics.Timer
    private let commits: CoreMetrics.Timer
    private let batchSizes: Recorder

    static let cycleDuration = "aisched_scheduler_cycle_duration_seconds"
    static let rpcDuration = "aisched_rpc_duration_seconds"
    static let commitDuration = "aisched_commit_duration_seconds"
    static let commitBatchSize = "aisched_commit_batch_events"

    init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            // A cycle over a few thousand pending jobs takes milliseconds; 50,000 take about a second.
            Self.cycleDuration: Self.durations(from: .microseconds(100), to: .seconds(10)),
            // Answers from memory take microseconds; a submit waits for its group commit's fsync.
            Self.rpcDuration: Self.durations(from: .microseconds(100), to: .seconds(10)),
            // One SQLite transaction and one fsync: a millisecond on an SSD, more under load.
            Self.commitDuration: Self.durations(from: .microseconds(250), to: .seconds(10)),
        ]
        factory.valueHistogramBuckets = [Self.commitBatchSize: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000]]
        self.factory = factory
        fullCycles = CoreMetrics.Timer(label: Self.cycleDuration, dimensions: [("kind", CycleKind.full.rawValue)],
                                   factory: factory)
        incrementalCycles = CoreMetrics.Timer(label: Self.cycleDuration,
                                          dimensions: [("kind", CycleKind.incremental.rawValue)], factory: factory)
        commits = CoreMetrics.Timer(label: Self.commitDuration, factory: factory)
        batchSizes = Recorder(label: Self.commitBatchSize, aggregate: true, factory: factory)
    }

    /// One call of `Scheduler.handle` that ran a cycle of `kind`: the batch's events and the cycle.
    func cycle(_ kind: CycleKind, took duration: Duration) {
        (kind == .full ? fullCycles : incrementalCycles).record(duration: duration)
    }

    /// One request of `kind` (a `MessageKind`'s name), from when the router takes it to its answer.
    func rpc(_ kind: String, took duration: Duration) {
        // The registry keeps one histogram per label set and finds it again (a few dozen kinds; `RequestRouter`
        // files kinds without a name under one label).
        CoreMetrics.Timer(label: Self.rpcDuration, dimensions: [("kind", kind)], factory: factory).record(duration: duration)
    }

    /// One group commit: its transaction's time and the number of events of the batch it made durable.
    func commit(took duration: Duration, events: Int) {
        commits.record(duration: duration)
        batchSizes.record(events)
    }

    /// The metrics recorded so far, in Prometheus' text format.
    func exposition() -> String {
        registry.emitToString()
    }

    /// Bucket bounds from `low` to `high`, 1-2.5-5 per decade.
    static func durations(from low: Duration, to high: Duration) -> [Duration] {
        var bounds: [Duration] = []
        var decade = low
        while decade <= high {
            // Whole multiples, so the bounds print as the round numbers they are (0.00025, not 0.000249999…).
            for bound in [decade, decade * 5 / 2, decade * 5] where bound <= high {
                bounds.append(bound)
            }
            decade *= 10
        }
        return bounds
    }
}
