extension Scheduler {
    /// What one cycle computes once and carries through its walk: the placement context taken out of the plan,
    /// the walk's counters, and memos that spare repeating work for jobs of one shape. Every memo is typed (an
    /// optional or an enum per shape), never a sentinel number.
    struct CycleRun {
        let pipeline: PlacementPipeline
        var context: PlacementContext
        let now: Instant
        let full: Bool
        /// `BackfillPolicy.Mode.none`: the first job that cannot start blocks every job behind it.
        let strict: Bool
        let check: QuotaCheck
        /// In strict mode: a job that fits the centre but not what is free now stopped the queue.
        var blocked = false
        /// Jobs walked so far that wait for resources.
        var busyAhead = 0
        var reservationAttempts = 0
        /// Per shape: which time limits cannot fit now this cycle (during a walk resources are only taken and
        /// reservations only added, so what did not fit stays so).
        var noFit: [Int32: NoFit] = [:]
        var quotaVerdicts: [QuotaRequest: QuotaVerdict?] = [:]
        /// Per shape, once known: can it ever run on the centre as it is, or why not.
        var never: [ShapeVerdict?] = []
        /// Parts held per node position, built on the first reservation of the cycle.
        var holds: [[HeldPart]]?
        /// Incremental cycles: the freed-node test's answers.
        var freed = FreedNodes()
        var runningTasks: [JobID: Int]?
        /// The reservations of the previous plan: a re-planned job keeps its resources when it still can.
        var previous = ReservationShadow()
        /// Shape → the `ReqNodeNotAvail` reason naming the drained or downed nodes that could run it.
        var unavailableNodes: [Int32: String] = [:]
    }

    /// Which jobs of a shape cannot be placed now, by time limit: a job with a longer limit must keep off more
    /// reservations, so it cannot fit where a shorter one did not.
    enum NoFit: Equatable {
        /// No node's counts admit the shape: no limit fits.
        case anyLimit
        /// Limits from this one (in milliseconds) up do not fit.
        case limitsFrom(Int64)

        func excludes(limitMs: Int64) -> Bool {
            switch self {
            case .anyLimit: true
            case .limitsFrom(let shortest): shortest <= limitMs
            }
        }

        /// Adds a limit that did not fit.
        static func adding(_ limitMs: Int64, to known: NoFit?) -> NoFit {
            switch known {
            case .anyLimit?: .anyLimit
            case .limitsFrom(let shortest)?: .limitsFrom(min(shortest, limitMs))
            case nil: .limitsFrom(limitMs)
            }
        }
    }

    /// A shape's verdict on the centre as it is: it may run (possibly after waiting), or never as things stand.
    enum ShapeVerdict: Equatable {
        case mayRun
        case never(PendingReason)

        var reason: PendingReason? {
            if case .never(let reason) = self { return reason }
            return nil
        }
    }

    /// The nodes freed since the last cycle, and per (shape, reservations shadowing it) whether one node's part
    /// of the shape fits one of them. Answers are dropped whenever the cycle starts a job (a yes may have become
    /// a no) or the freed set or the reservations change.
    struct FreedNodes {
        /// Positions in the placement context, ascending.
        var positions: [Int] = []
        /// How many of the plan's dirty nodes `positions` has taken in during the walk.
        var seen = 0
        private var answers: [Bool?] = []
        /// Reservations + 1 when `answers` was laid out.
        private var stride = 0

        var isEmpty: Bool { positions.isEmpty }

        mutating func layOut(shapes: Int, reservations: Int) {
            stride = reservations + 1
            answers = Array(repeating: nil, count: shapes * stride)
        }

        func isLaidOut(reservations: Int) -> Bool { stride == reservations + 1 }

        subscript(shape: Int32, prefix: Int) -> Bool? {
            get { answers[Int(shape) * stride + prefix] }
            set { answers[Int(shape) * stride + prefix] = newValue }
        }

        /// Forgets every answer (the same layout).
        mutating func forgetAnswers() {
            guard !answers.isEmpty else { return }
            for index in answers.indices { answers[index] = nil }
        }
    }
}
