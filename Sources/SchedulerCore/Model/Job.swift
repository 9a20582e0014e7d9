/// One entry of a job's state history (the `job_transitions` table).
public struct StateChange: Hashable, Sendable, Codable {
    public var at: Instant
    public var state: JobState
    public var reason: String

    public init(at: Instant, state: JobState, reason: String) {
        self.at = at
        self.state = state
        self.reason = reason
    }
}

/// How a job's process ended on one node, as the node agent reported it.
public struct ExitReport: Hashable, Sendable, Codable {
    public var exitCode: Int32
    /// The terminating signal, 0 when the process exited normally.
    public var signal: Int32
    /// The agent killed it for exceeding its time limit.
    public var timedOut: Bool
    /// Set when the job never ran (e.g. "launch failed: workdir /x does not exist").
    public var message: String
    /// The agent was confirmed the launch but stopped before starting any of it (restarted in between): as a launch
    /// that never arrived, the job goes back to the queue.
    public var neverStarted: Bool = false

    public init(exitCode: Int32, signal: Int32 = 0, timedOut: Bool = false, message: String = "",
                neverStarted: Bool = false) {
        self.neverStarted = neverStarted
        self.exitCode = exitCode
        self.signal = signal
        self.timedOut = timedOut
        self.message = message
    }

    public var succeeded: Bool { exitCode == 0 && signal == 0 && !timedOut && message.isEmpty }
}

/// A job as the scheduler knows it.
public struct Job: Hashable, Sendable, Codable {
    public var id: JobID
    public var spec: JobSpec
    public var state: JobState
    /// Held jobs stay PENDING (as in Slurm) and are not considered until released.
    public var held: Bool
    /// Why it waits, as the last scheduling cycle (or the action that made it pending) found; nil when it is not
    /// pending. Pending reasons are recomputed by cycles, so they live in memory only: they are not history.
    public var pendingReason: PendingReason?
    /// What follows the pending reason's word, e.g. the nodes of `ReqNodeNotAvail` (`UnavailableNodes:dgx-01 (…)`).
    public var pendingDetail: String?
    /// Why its state last changed: the reason of its last history entry (why it ended, was requeued, is being
    /// preempted). Kept with the job, not only in `history`, because listings of stored jobs do not read histories.
    /// Set by `record`.
    public private(set) var changeReason: String
    public var submitTime: Instant
    public var startTime: Instant?
    public var endTime: Instant?
    public var exitCode: Int32?
    public var signal: Int32
    public var allocation: Allocation?
    /// Nodes where the job's processes may still run and whose resources it therefore still holds.
    /// Emptied node by node as the agents report exits, so a cancelled job frees its GPUs only when they are free.
    public var activeNodes: NodeSubset
    /// Nodes whose agents confirmed the launch.
    public var startedNodes: NodeSubset
    public var stdoutPath: String
    public var stderrPath: String
    /// Notes from the agents (e.g. cgroup v2 unavailable).
    public var notes: [String]
    public var history: [StateChange]
    /// For a task of a job array: the array's id (its first task's job id), else nil.
    public var arrayJobID: JobID?
    /// For a task of a job array: its task id (`AISCHED_ARRAY_TASK_ID`), else nil.
    public var arrayTaskID: Int?
    /// For a task of a job array with `%N`: at most N tasks of the array run at once.
    public var arrayThrottle: Int?
    /// What it waits for before it may start (parsed from `spec.dependency`), nil for nothing.
    public var dependency: Dependency?
    /// Set while the job is being preempted; its exit then requeues it.
    public var preemption: Preemption?
    /// Set while a `--requeue` job's remaining processes are stopped after its node failed: once they are gone it
    /// goes back to the queue with this reason.
    public var requeueOnStop: String?
    /// Mail events sent that are sent once only: the TIME_LIMIT ones (as Slurm, never again after a requeue), and
    /// on an array's first task BEGIN and INVALID_DEPEND about the array as a whole. nil when none was; optional
    /// so that jobs stored before it existed still decode.
    public var mailsSent: [MailType]?
    /// How many times the job was started (its launch epoch, 1 for its first run); nil before its first start (and
    /// for jobs stored before epochs existed). Agents report the epoch of what they run, so processes of an earlier
    /// run that a fenced node kept are told apart from the current one and killed.
    public var runs: Int?
    /// The QoS the job runs under: the one it was submitted with, until a spent budget moves it to scavenger. Kept
    /// here so that the spec stays what was submitted; nil only in rows stored before it existed (their spec then
    /// held it). Read it as `qos`.
    var effectiveQoS: QoS?

    public init(id: JobID, spec: JobSpec, submitTime: Instant, stdoutPath: String, stderrPath: String) {
        self.id = id
        self.spec = spec
        self.state = .pending
        self.held = spec.hold
        self.pendingReason = spec.hold ? .held : .priority
        self.changeReason = ""
        self.submitTime = submitTime
        self.startTime = nil
        self.endTime = nil
        self.exitCode = nil
        self.signal = 0
        self.allocation = nil
        self.activeNodes = []
        self.startedNodes = []
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
        self.notes = []
        self.history = []
        self.arrayJobID = nil
        self.arrayTaskID = nil
        self.arrayThrottle = nil
        self.dependency = nil
        self.preemption = nil
        self.mailsSent = nil
        self.effectiveQoS = QoS.canonical(spec.qos)
    }

    /// The stored form's keys: the property names, except `changeReason`, stored as `reason` (the key of the one
    /// reason field jobs had before pending reasons were typed), so rows of either age decode.
    enum CodingKeys: String, CodingKey {
        case id, spec, state, held, pendingReason, pendingDetail, submitTime, startTime, endTime, exitCode, signal
        case allocation, activeNodes, startedNodes, stdoutPath, stderrPath, notes, history, arrayJobID, arrayTaskID
        case arrayThrottle, dependency, preemption, requeueOnStop, mailsSent, runs, effectiveQoS
        case changeReason = "reason"
    }
}

extension Job {
    /// Slurm's COMPLETING (`CG`): the job has ended but some of its processes may still run, so it still holds
    /// those nodes' resources until their agents report the processes gone.
    public var isCompleting: Bool { state.isTerminal && !activeNodes.isEmpty }

    /// Why it is pending in squeue's words (`ReqNodeNotAvail, UnavailableNodes:dgx-01 (…)`), otherwise why its
    /// state last changed (`changeReason`: why it ended, was requeued or is being preempted).
    public var reason: String {
        if state == .pending, let pendingReason { return pendingReason.text(detail: pendingDetail) }
        return changeReason
    }

    /// Appends `change` to the history: the one way a job's history grows, so `changeReason` follows it.
    public mutating func record(_ change: StateChange) {
        history.append(change)
        changeReason = change.reason
    }

    /// The QoS in force: the submitted one, or scavenger once its budget was spent while it ran.
    public var qos: QoS {
        get { effectiveQoS ?? QoS.canonical(spec.qos) }
        set { effectiveQoS = newValue }
    }

    /// The current run's launch epoch (0 before the first start).
    public var epoch: Int { runs ?? 0 }

    /// Whether an agent's report about `epoch` is about an earlier run of this job (0: an agent that does not say).
    public func isStale(_ epoch: Int) -> Bool { epoch != 0 && epoch != self.epoch }

    /// How often it went back to the queue after it had started (Slurm's restart count).
    public var restartCount: Int {
        history.count { $0.state == .pending && $0.reason.hasPrefix("Requeued") }
    }
}
