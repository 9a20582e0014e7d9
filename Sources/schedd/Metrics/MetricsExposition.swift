import Prometheus
import SchedulerCore

/// What a scrape of /metrics answers: the state gauges, computed now from the last committed scheduler on the
/// `QueryPool`'s threads (never on the scheduler's actor, so a scrape cannot hold up a commit, and it sees nothing a
/// crash could undo), then the histograms `ScheddMetrics` has recorded.
final class MetricsExposition: Sendable {
    private let metrics: ScheddMetrics
    private let queries: QueryPool
    private let clock: WallClock

    init(metrics: ScheddMetrics, queries: QueryPool, clock: WallClock) {
        self.metrics = metrics
        self.queries = queries
        self.clock = clock
    }

    /// Scrapes take their turn in the pool as one more client, beside the users (a scraper cannot crowd them out).
    private var client: QueryPool.Client {
        QueryPool.Client(subject: "metrics scraper", connection: ObjectIdentifier(self))
    }

    func scrape() async throws -> String {
        let clock = self.clock
        let gauges = try await queries.read(for: client) { scheduler in
            Self.text(Self.families(of: scheduler, at: clock.now()))
        }
        return gauges + metrics.exposition()
    }

    static func families(of scheduler: Scheduler, at now: Instant) -> [GaugeFamily] {
        SchedulerGauges.families(of: scheduler) + AccountGauges.families(of: scheduler, at: now)
    }

    /// The families in Prometheus' text format, in the order given (a registry per family: one registry emits its
    /// families in no particular order, and people read this too).
    static func text(_ families: [GaugeFamily]) -> String {
        families.map { family in
            let registry = PrometheusCollectorRegistry()
            let descriptor = MetricNameDescriptor(metricName: family.name, unitName: "", helpText: family.help)
            for sample in family.samples {
                let labels = sample.labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
                registry.makeGauge(descriptor: descriptor, labels: labels).set(sample.value)
            }
            return registry.emitToString()
        }.joined()
    }
}
