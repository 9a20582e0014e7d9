import Testing
@testable import SchedulerCore

/// A test shell around `Scheduler`: a manual clock, a record of every `Effects`, and one-line helpers for what
/// users, admins and node agents do. Each helper feeds one event (or one batch) and returns what it produced.
struct TestCluster {
    static let epoch = Instant(milliseconds: 1_700_000_000_000)

    private(set) var scheduler: Scheduler
    private(set) var now: Instant
    /// Every `Effects` the core returned, oldest first.
    private(set) var log: [Effects] = []
    /// The batch of events behind each entry of `log`.
    private(set) var handledEvents: [[Event]] = []
    private var lastRequest: UInt64 = 0

    init(settings: SchedulerSettings = SchedulerSettings(), accounts: AccountRegistry = AccountRegistry(),
         now: Instant = TestCluster.epoch) {
        scheduler = Scheduler(state: ClusterState(accounts: accounts), settings: settings)
        self.now = now
    }

    init(scheduler: Scheduler, now: Instant) {
        self.scheduler = scheduler
        self.now = now
    }

    // MARK: - What the core did

    var state: ClusterState { scheduler.state }
    var settings: SchedulerSettings { scheduler.settings }
    var lastEffects: Effects { log.last ?? Effects() }
    var transitions: [Transition] { log.flatMap(\.transitions) }
    var outbound: [Outbound] { log.flatMap(\.outbound) }
    var launches: [Launch] { log.flatMap(\.launches) }
    var kills: [Kill] { log.flatMap(\.kills) }

    func job(_ id: JobID, sourceLocation: SourceLocation = #_sourceLocation) -> Job {
        guard let job = state.jobs[id] else {
            Issue.record("no job \(id) in the cluster", sourceLocation: sourceLocation)
            return Job(id: id, spec: .make(), submitTime: .zero, stdoutPath: "", stderrPath: "")
        }
        return job
    }

    func node(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> Node {
        guard let node = state.nodes[name] else {
            Issue.record("no node \(name) in the cluster", sourceLocation: sourceLocation)
            return Node(inventory: .make(name), status: .down, connected: false, lastHeard: .zero)
        }
        return node
    }

    func launches(of id: JobID) -> [Launch] { launches.filter { $0.job == id } }
    func kills(of id: JobID) -> [Kill] { kills.filter { $0.job == id } }

    // MARK: - Driving the core

    mutating func newRequest() -> RequestID {
        lastRequest += 1
        return RequestID(lastRequest)
    }

    @discardableResult
    mutating func handle(_ events: [Event]) -> Effects {
        let fx = scheduler.handle(events, at: now)
        log.append(fx)
        handledEvents.append(events)
        return fx
    }

    @discardableResult
    mutating func handle(_ event: Event) -> Effects { handle([event]) }

    /// Sends a request-carrying event and returns the core's reply to it.
    mutating func ask(_ makeEvent: (RequestID) -> Event, sourceLocation: SourceLocation = #_sourceLocation) -> Reply {
        let request = newRequest()
        let fx = handle(makeEvent(request))
        let replies = fx.replies.filter { $0.0 == request }.map(\.1)
        guard replies.count == 1, let reply = replies.first else {
            Issue.record("expected exactly one reply to the request, got \(replies)", sourceLocation: sourceLocation)
            return .ack
        }
        return reply
    }

    /// Moves the manual clock without telling the core.
    mutating func setClock(_ instant: Instant) {
        precondition(instant >= now, "the clock must not go back")
        now = instant
    }

    /// Moves the clock forward and fires the timer, as a shell does.
    @discardableResult
    mutating func advance(by span: Span) -> Effects {
        setClock(now + span)
        return handle(.timerFired)
    }

    /// Jumps to exactly the instant the core last asked to be woken at, and fires the timer.
    @discardableResult
    mutating func advanceToWake(sourceLocation: SourceLocation = #_sourceLocation) -> Effects {
        guard let wake = lastEffects.wakeAt else {
            Issue.record("the core asked for no wake-up", sourceLocation: sourceLocation)
            return Effects()
        }
        setClock(max(now, wake))
        return handle(.timerFired)
    }

    // MARK: - Node agents

    /// Registers a node and returns the jobs the core tells the agent to kill.
    @discardableResult
    mutating func addNode(_ name: String, cpus: Int = 8, memoryMB: Int64 = 64_000, gpus: Int = 0,
                          gpuModel: String? = nil, running: [JobID] = [],
                          sourceLocation: SourceLocation = #_sourceLocation) -> [JobID] {
        register(.make(name, cpus: cpus, memoryMB: memoryMB, gpus: gpus, gpuModel: gpuModel), running: running,
                 sourceLocation: sourceLocation)
    }

    /// (Re-)registers a node agent listing the jobs it still supervises; returns `killJobs` of the reply.
    @discardableResult
    mutating func register(_ inventory: NodeInventory, running: [JobID] = [],
                           sourceLocation: SourceLocation = #_sourceLocation) -> [JobID] {
        let reply = ask({ .nodeRegistered(inventory, running: running, request: $0) }, sourceLocation: sourceLocation)
        guard case let .nodeRegistered(killJobs, _, _) = reply else {
            Issue.record("node \(inventory.name) was not registered: \(reply)", sourceLocation: sourceLocation)
            return []
        }
        return killJobs
    }

    /// Re-registers a known node with its current inventory (an agent restart or reconnect).
    @discardableResult
    mutating func reregister(_ name: String, running: [JobID],
                             sourceLocation: SourceLocation = #_sourceLocation) -> [JobID] {
        register(node(name, sourceLocation: sourceLocation).inventory, running: running,
                 sourceLocation: sourceLocation)
    }

    /// A heartbeat; without `running`, the agent lists exactly the jobs the core believes it runs.
    @discardableResult
    mutating func heartbeat(_ name: String, running: [JobID]? = nil) -> Effects {
        let listed = running ?? (state.nodes[name]?.jobs.sorted() ?? [])
        return handle(.heartbeatReceived(node: name, running: listed))
    }

    /// Every up node heartbeats, in one batch.
    @discardableResult
    mutating func heartbeatAll() -> Effects {
        handle(state.nodes.keys.sorted().map { .heartbeatReceived(node: $0, running: state.nodes[$0]!.jobs.sorted()) })
    }

    @discardableResult
    mutating func disconnect(_ name: String) -> Effects { handle(.nodeDisconnected(node: name)) }

    /// The agent confirms the launch of `id` on `node`.
    @discardableResult
    mutating func started(_ id: JobID, on node: String, note: String = "") -> Effects {
        handle(.jobStarted(id, node: node, note: note, request: newRequest()))
    }

    /// Every node the job holds confirms its launch.
    mutating func confirmLaunch(_ id: JobID) {
        for node in job(id).activeNodes { started(id, on: node) }
    }

    /// The agent on `node` reports the job's processes there gone.
    @discardableResult
    mutating func exit(_ id: JobID, on node: String, code: Int32 = 0, signal: Int32 = 0, timedOut: Bool = false,
                       message: String = "") -> Effects {
        let report = ExitReport(exitCode: code, signal: signal, timedOut: timedOut, message: message)
        return handle(.jobExited(id, node: node, report, request: newRequest()))
    }

    // MARK: - Researchers and admins

    /// Submits a job and returns its id; a rejection fails the test.
    @discardableResult
    mutating func submit(user: String = "alice", cpus: Int = 1, memoryMB: Int64 = 0, gpus: Int = 0, nodes: Int = 1,
                         gpuModel: String? = nil, exclusive: Bool = false, hold: Bool = false,
                         project: String = "", minutes: Int64? = nil, qos: String = "",
                         sourceLocation: SourceLocation = #_sourceLocation) -> JobID {
        var spec = JobSpec.make(user: user, project: project, cpus: cpus, memoryMB: memoryMB, gpus: gpus, nodes: nodes,
                                gpuModel: gpuModel, exclusive: exclusive, timeLimit: minutes.map { .minutes($0) },
                                hold: hold)
        spec.qos = qos
        return submit(spec, sourceLocation: sourceLocation)
    }

    @discardableResult
    mutating func submit(_ spec: JobSpec, sourceLocation: SourceLocation = #_sourceLocation) -> JobID {
        switch trySubmit(spec, sourceLocation: sourceLocation) {
        case .success(let id):
            return id
        case .failure(let rejection):
            Issue.record("submission rejected: \(rejection.message)", sourceLocation: sourceLocation)
            return JobID(0)
        }
    }

    /// Submits a job and returns the core's verdict.
    mutating func trySubmit(_ spec: JobSpec, sourceLocation: SourceLocation = #_sourceLocation) -> Result<JobID, Rejection> {
        switch ask({ .jobSubmitted(spec, request: $0) }, sourceLocation: sourceLocation) {
        case .submitted(let id): return .success(id)
        case .rejected(let rejection): return .failure(rejection)
        case let other:
            Issue.record("unexpected reply to a submission: \(other)", sourceLocation: sourceLocation)
            return .failure(Rejection(.invalidRequest, "unexpected reply"))
        }
    }

    mutating func cancel(_ ids: JobID..., by principal: Principal = .user("alice"),
                         sourceLocation: SourceLocation = #_sourceLocation) -> [JobActionOutcome] {
        jobActions(ask({ .cancelRequested(ids.map(JobSelector.job), by: principal, request: $0) }, sourceLocation: sourceLocation),
                   sourceLocation: sourceLocation)
    }

    mutating func hold(_ ids: JobID..., by principal: Principal = .user("alice"),
                       sourceLocation: SourceLocation = #_sourceLocation) -> [JobActionOutcome] {
        jobActions(ask({ .holdRequested(ids.map(JobSelector.job), by: principal, request: $0) }, sourceLocation: sourceLocation),
                   sourceLocation: sourceLocation)
    }

    mutating func release(_ ids: JobID..., by principal: Principal = .user("alice"),
                          sourceLocation: SourceLocation = #_sourceLocation) -> [JobActionOutcome] {
        jobActions(ask({ .releaseRequested(ids.map(JobSelector.job), by: principal, request: $0) }, sourceLocation: sourceLocation),
                   sourceLocation: sourceLocation)
    }

    /// Cancel by Slurm-style names (`"42"`, `"42_3"`).
    mutating func cancel(selecting texts: String..., by principal: Principal = .user("alice"),
                         sourceLocation: SourceLocation = #_sourceLocation) -> [JobActionOutcome] {
        let selectors = texts.compactMap { JobSelector($0) }
        return jobActions(ask({ .cancelRequested(selectors, by: principal, request: $0) }, sourceLocation: sourceLocation),
                          sourceLocation: sourceLocation)
    }

    mutating func hold(selecting texts: String..., by principal: Principal = .user("alice"),
                       sourceLocation: SourceLocation = #_sourceLocation) -> [JobActionOutcome] {
        let selectors = texts.compactMap { JobSelector($0) }
        return jobActions(ask({ .holdRequested(selectors, by: principal, request: $0) }, sourceLocation: sourceLocation),
                          sourceLocation: sourceLocation)
    }

    private func jobActions(_ reply: Reply, sourceLocation: SourceLocation) -> [JobActionOutcome] {
        guard case let .jobActions(outcomes) = reply else {
            Issue.record("unexpected reply to a job action: \(reply)", sourceLocation: sourceLocation)
            return []
        }
        return outcomes
    }
}
