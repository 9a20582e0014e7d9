/// What a researcher is told about a pending job besides its reason: how many jobs stand before it and, for a
/// reserved job, when and where it is expected to start.
public struct PendingOutlook: Hashable, Sendable {
    /// Jobs ahead of it in priority order that are themselves waiting only for resources.
    public var jobsAhead: Int
    /// Set for jobs that hold a reservation.
    public var reservation: Reservation?

    public init(jobsAhead: Int, reservation: Reservation? = nil) {
        self.jobsAhead = jobsAhead
        self.reservation = reservation
    }
}
