import GRDB
import SchedulerCore

/// The queue's samples (`QueueSample`, one a minute) behind the dashboard's queue-over-time chart. They are kept in
/// the database so a restart does not blank the chart; they are a record of what was, not state: the core never
/// reads them.
extension StateStore {
    /// Adds one sample and drops those older than `keepSince`, in one transaction.
    public func recordQueueSample(_ sample: QueueSample, keepSince: Instant) throws {
        do {
            try writer.write { db in
                try db.execute(sql: """
                    INSERT OR REPLACE INTO queue_samples
                        (at_ms, pending, held, running, gpus_wanted, gpus_in_use, median_wait_ms, max_wait_ms)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [sample.at.milliseconds, sample.pending, sample.held, sample.running,
                                     sample.gpusWanted, sample.gpusInUse, sample.medianWait.milliseconds,
                                     sample.maxWait.milliseconds])
                try db.execute(sql: "DELETE FROM queue_samples WHERE at_ms < ?", arguments: [keepSince.milliseconds])
            }
        } catch {
            throw StoreError(.writeFailed, "cannot record the queue sample: \(error)")
        }
    }

    /// The samples taken in [from, to), in time order.
    public func queueSamples(from: Instant, to: Instant) throws -> [QueueSample] {
        try readRows { db in
            try Row.fetchAll(db, sql: "SELECT * FROM queue_samples WHERE at_ms >= ? AND at_ms < ? ORDER BY at_ms",
                             arguments: [from.milliseconds, to.milliseconds]).map { row in
                QueueSample(at: Instant(milliseconds: row["at_ms"]), pending: row["pending"], held: row["held"],
                            running: row["running"], gpusWanted: row["gpus_wanted"], gpusInUse: row["gpus_in_use"],
                            medianWait: Span(milliseconds: row["median_wait_ms"]),
                            maxWait: Span(milliseconds: row["max_wait_ms"]))
            }
        }
    }
}
