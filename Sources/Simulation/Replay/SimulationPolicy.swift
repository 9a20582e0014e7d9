import SchedulerCore

/// A scheduling policy to compare, as core settings: the simulator never schedules by itself, it only changes the
/// knobs the production core has.
public enum SimulationPolicy: String, CaseIterable, Sendable {
    /// Strict submit order, no backfill: priority is age alone (so the earlier submission is always first) and the
    /// first job that does not fit blocks the queue.
    case fifo
    /// Submit order with reservations and backfill around them.
    case fifoBackfill = "fifo-backfill"
    /// Production: the configuration's multifactor weights (fair share first) with reservations and backfill.
    case fairshare

    /// What `base` (the configuration's settings) becomes under this policy.
    public func settings(from base: SchedulerSettings) -> SchedulerSettings {
        var settings = base
        let depth = base.backfill.reservationDepth
        switch self {
        case .fifo:
            settings.accounting.priorityWeights = Self.ageOnly
            settings.backfill = BackfillPolicy(mode: .none, reservationDepth: depth)
        case .fifoBackfill:
            settings.accounting.priorityWeights = Self.ageOnly
            settings.backfill = BackfillPolicy(mode: .reservations, reservationDepth: depth)
        case .fairshare:
            settings.backfill = BackfillPolicy(mode: .reservations, reservationDepth: depth)
        }
        return settings
    }

    static let ageOnly = PriorityWeights(fairShare: 0, age: 1, size: 0, qos: 0)
}
