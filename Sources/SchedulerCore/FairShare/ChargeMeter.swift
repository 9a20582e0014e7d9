/// Remembers up to when each running job has been charged, so every millisecond of a job's run is charged exactly
/// once: at the ticks while it runs and at its end.
///
/// Contract for the engine:
/// - At every accounting tick (`nextTick(after:)`, e.g. every minute) it MUST call `tick(running:at:)` with all
///   running jobs and commit the returned rows with that cycle's transitions.
/// - When a job ends (exit, cancel, node failure) it MUST call `jobEnded(_:at:)` with the end instant.
/// - After a restart it rebuilds the meter from the ledger: for each running job, the largest `to` of its rows
///   (`init(chargedUntil:)`); a job without rows is charged from its start.
public struct ChargeMeter: Hashable, Sendable, Codable {
    public private(set) var chargedUntil: [JobID: Instant]

    public init(chargedUntil: [JobID: Instant] = [:]) {
        self.chargedUntil = chargedUntil
    }

    /// Charges every running job from its last charge (or its start) to `now`, in job-id order.
    public mutating func tick(running: [ChargeableJob], at now: Instant, charger: Charger) -> [UsageCharge] {
        var charges: [UsageCharge] = []
        for job in running.sorted(by: { $0.id < $1.id }) {
            // A requeued job restarts: what it was charged up to in an earlier run does not reach into this one.
            let since = max(chargedUntil[job.id] ?? job.startedAt, job.startedAt)
            if let charge = charger.charge(job, from: since, to: now) { charges.append(charge) }
            chargedUntil[job.id] = max(since, now)
        }
        return charges
    }

    /// The last charge of a job that ended at `end`, and forgets the job.
    public mutating func jobEnded(_ job: ChargeableJob, at end: Instant, charger: Charger) -> UsageCharge? {
        let since = max(chargedUntil.removeValue(forKey: job.id) ?? job.startedAt, job.startedAt)
        return charger.charge(job, from: since, to: end)
    }

    /// The first tick strictly after `now` on the grid of `interval` since the epoch: ticks fall on whole minutes
    /// (for a one-minute interval) whatever the instant the daemon started, so ledger rows line up across restarts.
    public static func nextTick(after now: Instant, interval: Span) -> Instant {
        let step = max(interval.milliseconds, 1)
        let floor = now.milliseconds - ((now.milliseconds % step) + step) % step
        return Instant(milliseconds: floor + step)
    }
}
