import SchedulerCore

/// Replays a trace through the production `Scheduler` on a virtual clock (docs/SIMULATION.md).
///
/// The loop pops every event due at the earliest instant (trace submissions, agents' start and exit reports, the
/// core's own timer), hands them to `Scheduler.handle` as one batch, as schedd's group commit would, and carries
/// out the effects through `SimulatedAgents`. It ends when the trace is drained and nothing runs.
public struct Replay {
    public struct Options: Sendable {
        /// A job without a walltime in the trace gets `duration × walltimeFactor` (at least 1 s) as its limit.
        public var walltimeFactor: Double

        public init(walltimeFactor: Double = 1) { self.walltimeFactor = walltimeFactor }
    }

    let jobs: [TraceJob]
    let accounts: TraceAccounts
    let cluster: ClusterSpec
    let policy: SimulationPolicy
    let options: Options

    private var scheduler: Scheduler
    private var queue = EventQueue<SimulatedAgents.Due>()
    private var agents = SimulatedAgents()
    private var timer: Instant?
    private var traceIndex: [JobID: Int] = [:]
    private var firstStart: [JobID: Instant] = [:]
    private var firstEstimate: [JobID: Instant] = [:]
    private var rejected: [String: Int] = [:]
    private var handleCalls = 0

    public init(jobs: [TraceJob], accounts: TraceAccounts, cluster: ClusterSpec, policy: SimulationPolicy,
                settings: SchedulerSettings, options: Options = Options()) {
        self.jobs = jobs
        self.accounts = accounts
        self.cluster = cluster
        self.policy = policy
        self.options = options
        var settings = policy.settings(from: settings)
        settings.nodeTimeout = Self.neverTimesOut
        settings.jobRetention = nil // the result reads every job's outcome from the state at the end
        scheduler = Scheduler(state: ClusterState(accounts: accounts.registry), settings: settings)
    }

    /// Heartbeats are not simulated, so nodes must never time out: a century, far from overflowing `Instant`.
    static let neverTimesOut = Span.seconds(100 * 365 * 24 * 3600)
    /// Consecutive idle timer rounds (nothing queued, nothing running) after which pending jobs are given up on.
    static let idleRoundsBeforeGivingUp = 3

    /// Core calls between two progress reports: a report is a handful of counts and a core call costs far more, so
    /// the hook stays out of the replay's time, while a slow replay (deep queues, debug build) still reports often.
    public static let progressStride = 16

    /// Replays the trace. `progress` gets where the replay stands every `progressStride` core calls and once at the
    /// end (`ReplayProgress.finished`); it only reads, so a watched replay decides exactly as an unwatched one.
    public mutating func run(progress: (ReplayProgress) -> Void = { _ in }) -> ReplayResult {
        let origin = jobs.map(\.submit).min() ?? .zero
        registerNodes(at: origin)
        var total = 0
        for index in jobs.indices where accounts.submitters[index] != nil {
            queue.schedule(.submit(index), at: jobs[index].submit)
            total += 1
        }
        var idleRounds = 0
        var last = origin
        while let now = nextInstant() {
            let batch = takeBatch(at: now)
            if batch.isEmpty { continue }
            let fx = scheduler.handle(batch, at: now)
            handleCalls += 1
            carryOut(fx, at: now)
            noteEstimates()
            last = now
            if handleCalls % Self.progressStride == 0 { progress(standing(at: now, total: total, finished: false)) }
            let live = !scheduler.state.pendingIDs.isEmpty || !scheduler.state.runningIDs.isEmpty
            idleRounds = queue.isEmpty && agents.runningParts == 0 ? idleRounds + 1 : 0
            guard live, idleRounds < Self.idleRoundsBeforeGivingUp else { timer = nil; continue }
            timer = fx.wakeAt.map { max($0, now + Span(milliseconds: 1)) }
        }
        progress(standing(at: last, total: total, finished: true))
        return result()
    }

    private func standing(at now: Instant, total: Int, finished: Bool) -> ReplayProgress {
        ReplayProgress(submitted: traceIndex.count + rejected.values.reduce(0, +), total: total,
                       pending: scheduler.state.pendingIDs.count, running: scheduler.state.runningIDs.count,
                       now: now, coreCalls: handleCalls, finished: finished)
    }

    private mutating func registerNodes(at origin: Instant) {
        let events = cluster.inventories.enumerated().map { i, inventory in
            Event.nodeRegistered(inventory, running: [], request: RequestID(UInt64.max - UInt64(i)))
        }
        guard !events.isEmpty else { return }
        // schedd ticks from the start; the first tick sets the accounting clock that `wakeAt` then follows, so
        // running jobs are charged every interval (not only when they end) and fair share moves as in schedd.
        carryOut(scheduler.handle(events + [.timerFired], at: origin), at: origin)
        handleCalls += 1
    }

    private func nextInstant() -> Instant? {
        switch (queue.nextTime, timer) {
        case let (q?, t?): min(q, t)
        case let (q?, nil): q
        case let (nil, t?): t
        case (nil, nil): nil
        }
    }

    private mutating func takeBatch(at now: Instant) -> [Event] {
        var batch: [Event] = []
        while queue.nextTime == now, let (_, due) = queue.pop() {
            switch due {
            case let .submit(index):
                batch.append(.jobSubmitted(spec(for: index), request: RequestID(UInt64(index))))
            case let .started(id, node):
                batch.append(.jobStarted(id, node: node, note: "", request: nil))
            case let .exited(part, report, token):
                if agents.takeExit(part, token: token) {
                    batch.append(.jobExited(part.job, node: part.node, report, request: nil))
                }
            }
        }
        if timer == now {
            batch.append(.timerFired)
            timer = nil
        }
        return batch
    }

    private mutating func carryOut(_ fx: Effects, at now: Instant) {
        for order in fx.outbound {
            switch order {
            case let .reply(request, .submitted(id)):
                traceIndex[id] = Int(request.rawValue)
            case let .reply(_, .rejected(rejection)):
                rejected[rejection.message, default: 0] += 1
            case let .launch(id, node):
                launch(id, on: node, at: now)
            case let .kill(id, node, _):
                agents.kill(.init(job: id, node: node), at: now, on: &queue)
            case .reply, .notify, .fence:
                break // mail is not simulated: it changes nothing the replay measures
            }
        }
    }

    private mutating func launch(_ id: JobID, on node: String, at now: Instant) {
        guard let index = traceIndex[id], let job = scheduler.state.jobs[id] else { return }
        if firstStart[id] == nil { firstStart[id] = now }
        let duration = jobs[index].duration
        let limit = job.spec.request.timeLimit ?? duration
        agents.launch(.init(job: id, node: node), runTime: min(duration, limit), timedOut: duration > limit,
                      at: now, on: &queue)
    }

    /// The first start each waiting job was promised (the plan holds at most the reservation depth).
    private mutating func noteEstimates() {
        for reservation in scheduler.plan.reservations where firstEstimate[reservation.job] == nil {
            firstEstimate[reservation.job] = reservation.start
        }
    }

    private func spec(for index: Int) -> JobSpec {
        let job = jobs[index]
        let submitter = accounts.submitters[index]!
        let request = ResourceRequest(nodes: job.nodes, cpusPerNode: job.cpusPerNode,
                                      memoryMBPerNode: job.memoryMBPerNode, gpusPerNode: job.gpusPerNode,
                                      gpuModel: submitter.gpuModel ?? job.gpuModel, timeLimit: job.walltime ?? derivedLimit(job.duration))
        return JobSpec(name: "trace-\(job.line)", user: submitter.user, project: submitter.project, workdir: "/sim",
                       argv: ["trace-job"], request: request)
    }

    private func derivedLimit(_ duration: Span) -> Span {
        let scaled = (Double(duration.milliseconds) * options.walltimeFactor).rounded(.up)
        let longest = Double(Span.seconds(365 * 24 * 3600).milliseconds)
        return Span(milliseconds: Int64(min(max(scaled, 1000), longest)))
    }

    private func result() -> ReplayResult {
        let outcomes = traceIndex.keys.sorted().compactMap { id -> JobOutcome? in
            guard let job = scheduler.state.jobs[id], let index = traceIndex[id] else { return nil }
            let ended = job.state.isTerminal
            return JobOutcome(index: index, project: job.spec.project, submit: job.submitTime,
                              firstStart: firstStart[id], firstEstimate: firstEstimate[id],
                              lastStart: ended ? job.startTime : nil,
                              end: ended ? job.endTime : nil, state: job.state,
                              gpus: jobs[index].totalGPUs, cpus: jobs[index].totalCPUs)
        }
        return ReplayResult(policy: policy, outcomes: outcomes, rejected: rejected,
                            neverStarted: outcomes.filter { !$0.started }.count,
                            projectShares: accounts.effectiveShares,
                            totalGPUs: cluster.totalGPUs, totalCPUs: cluster.totalCPUs, handleCalls: handleCalls)
    }
}
