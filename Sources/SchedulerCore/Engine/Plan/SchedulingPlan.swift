/// What the last full cycle decided, and what has changed since: the state that lets an event run an
/// incremental cycle instead of a full one (docs/BACKFILL.md §Incremental cycles).
///
/// Derived, never persisted: a restarted scheduler starts with an empty plan and runs a full cycle first. Each
/// part has one home:
///
/// | part | what it holds | kept current by |
/// |---|---|---|
/// | `queue` | pending jobs in rank order, their interned shapes | `rank`, `enqueue` |
/// | `reservationBook` | the promises to blocked jobs, the node views they cast, and how a promise is made (`ReservationBook`) | cycles, `dropReservation` |
/// | `nodes` | node names in placement order and the placement context kept between cycles | `rank`, cycles |
/// | `changes` | what happened since the last full cycle: dirty jobs and nodes, triggers of a full cycle | events |
/// | `quota` | in-use figures per account between full cycles | `noteTransition` |
/// | `mailMark` | the next time-limit mail, remembered until it may have moved | mail events |
///
/// Node liveness (the heartbeat timeout) is not part of the plan: it is `Scheduler.liveness` (`NodeLiveness`).
public struct SchedulingPlan: Sendable {
    var queue = QueueOrder()
    var reservationBook = ReservationBook()
    var nodes = NodeIndex()
    var changes = PlanChanges()
    /// In-use figures per account, kept current between full cycles as jobs start and stop.
    var quota: QuotaSnapshot?
    /// The next moment a running job is due a TIME_LIMIT mail (nil: none will be). Forgotten when such a job
    /// starts or its mail is sent; it spares a scan of the running jobs on every tick.
    var mailMark = Memo<Instant?>()

    public init() {}

    /// The reservation a pending job holds, if any.
    public func reservation(of job: JobID) -> Reservation? { reservationBook.reservation(of: job) }

    /// Every reservation of the plan, by start.
    public var reservations: [Reservation] { reservationBook.shadow.reservations }
}
