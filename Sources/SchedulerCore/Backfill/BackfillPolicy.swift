/// How the cycle lets lower-priority jobs start ahead of blocked higher-priority ones (docs/BACKFILL.md).
///
/// aisched runs *depth-limited conservative* backfill: the first `reservationDepth` jobs (in priority order)
/// that cannot start now each get a reservation, an exact allocation (nodes, GPUs, CPUs, NUMA memory) at
/// their earliest start time given running jobs' time limits and the reservations ahead of them. Any other job
/// starts now only where it delays none of those reservations. Depth 1 is EASY backfill; a depth as large as
/// the queue is fully conservative backfill. Jobs beyond the depth get no reservation (and no start estimate)
/// until those ahead of them start.
public struct BackfillPolicy: Hashable, Sendable, Codable {
    public enum Mode: String, Hashable, Sendable, Codable, CaseIterable {
        /// Strict priority order: the first job that does not fit blocks every job behind it (`fifo` in the
        /// simulator when the order is by submit time).
        case none
        /// Reservations for the top `reservationDepth` blocked jobs, backfill around them.
        case reservations
    }

    public var mode: Mode
    /// How many blocked jobs get a reservation and a start estimate per cycle (at least 1).
    public var reservationDepth: Int

    public init(mode: Mode = .reservations, reservationDepth: Int = 16) {
        self.mode = mode
        self.reservationDepth = max(1, reservationDepth)
    }

    private enum CodingKeys: String, CodingKey { case mode, reservationDepth }

    /// Fields a configuration leaves out take the defaults of `init`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = BackfillPolicy()
        self.init(mode: try c.decodeIfPresent(Mode.self, forKey: .mode) ?? defaults.mode,
                  reservationDepth: try c.decodeIfPresent(Int.self, forKey: .reservationDepth) ?? defaults.reservationDepth)
    }
}
