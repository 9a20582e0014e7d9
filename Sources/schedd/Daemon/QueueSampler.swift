import Logging
import SchedulerCore
import SchedulerStore

/// Samples the queue once a minute by default (`Scheduler.queueSample`) into the database, for the dashboard's queue-over-time
/// chart (`queueSeries`). The sample is read on the query pool from the committed scheduler, so it never holds up a
/// cycle; the write is one small transaction a minute.
struct QueueSampler: Sendable {
    /// How long samples are kept: a month of the centre's queue at a minute's detail is 44,640 rows.
    static let retention = Span.minutes(31 * 24 * 60)

    let queries: QueryPool
    let store: StateStore
    let clock: WallClock
    let logger: Logger
    /// `--queue-sample-seconds`, 60 by default.
    let interval: Duration

    /// Samples now, then every `interval` until cancelled.
    func run() async {
        while !Task.isCancelled {
            await sample()
            try? await Task.sleep(for: interval)
        }
    }

    func sample() async {
        let client = QueryPool.Client(subject: "queue sampler", connection: ObjectIdentifier(QueueSampler.self))
        let (store, now, retention) = (self.store, clock.now(), Self.retention.milliseconds)
        do {
            let sample = try await queries.read(for: client) { $0.queueSample(at: now) }
            try await queries.run(for: client) {
                try store.recordQueueSample(sample, keepSince: Instant(milliseconds: now.milliseconds - retention))
            }
        } catch {
            logger.error("\(error)") // a missing minute in the chart; the next one tries again
        }
    }
}
