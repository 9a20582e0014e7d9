/// Everything a researcher decided about a job at submit time. Immutable once accepted.
public struct JobSpec: Hashable, Sendable, Codable {
    public var name: String
    /// The submitting user, set by the shell from the authenticated token, never from the request.
    public var user: String
    /// "" = the user's default project.
    public var project: String
    /// Absolute working directory on the nodes.
    public var workdir: String
    /// The command, or the batch script's arguments when `script` is set.
    public var argv: [String]
    /// A batch script's text; nil for a plain command.
    public var script: String?
    /// "KEY=value" pairs added to the job's environment (`--export` entries): they win over everything.
    public var environment: [String]
    /// The submitter's environment (`--export=ALL`, Slurm's default), "KEY=value"; the job's own variables override
    /// it. nil when nothing was inherited; optional so that jobs stored before it existed still decode.
    public var inheritedEnvironment: [String]?
    public var request: ResourceRequest
    /// Output paths as given ("" = default); `%j` is expanded to the job id.
    public var stdoutPath: String
    public var stderrPath: String
    public var qos: String
    /// Submit in the held state (`--hold`).
    public var hold: Bool
    /// `--dependency` as given (nil = none); parsed into `Job.dependency` at submit (`Dependency`).
    public var dependency: String?
    /// `--array` as given (nil = not an array); each task becomes its own job at submit (`ArraySpec`).
    public var array: String?
    /// Not before this instant (`--begin`); nil: as soon as it can.
    public var beginTime: Instant?
    /// How each node's share is split into tasks (Slurm's task options); nil: one task per node.
    public var tasks: TaskLayout?
    /// Where and on which host the job was submitted (SLURM_SUBMIT_DIR, SLURM_SUBMIT_HOST); nil when unknown.
    /// Optional so that jobs stored before these fields existed still decode.
    public var submitDirectory: String?
    public var submitHost: String?
    /// An interactive allocation (`aisubmit run`, `aisubmit alloc`): no part runs a command of its own; the
    /// submitter's steps run in it and it ends when the submitter says so (or its connection goes). nil: a batch job.
    public var interactive: Bool?
    /// `--comment`: a note kept with the job.
    public var comment: String?
    /// `--open-mode=append`: add to existing output files; nil or false: truncate them when the job starts (sbatch).
    public var appendOutput: Bool?
    /// `--requeue` (true: back to the queue if its node fails), `--no-requeue` (false: never, not even when
    /// preempted); nil: the centre's default (node failure ends it NODE_FAIL, preemption requeues it).
    public var requeue: Bool?
    /// `--nice`: subtracted from its priority (negative values only from admins).
    public var nice: Int?
    /// `--signal`: a signal sent this long before the time limit; nil: none (Slurm's default).
    public var warningSignal: WarningSignal?
    /// `--mail-type` and `--mail-user`; nil: no mail (Slurm's default).
    public var mail: MailRequest?
    /// `--time=UNLIMITED` (or `INFINITE`, `0`): no time limit asked for, as Slurm's INFINITE; refused where a
    /// partition or the QoS sets a maximum. nil: `request.timeLimit` says (nil there: the centre's default).
    public var unlimitedTime: Bool?
    /// The client's key for this submission (random per `aisubmit submit`, reused on its retries): a retry with
    /// the same key from the same user returns the job it made instead of a second one. nil: none given.
    public var submissionKey: String?

    public init(name: String = "", user: String, project: String = "", workdir: String, argv: [String] = [],
                script: String? = nil, environment: [String] = [], request: ResourceRequest = ResourceRequest(),
                stdoutPath: String = "", stderrPath: String = "", qos: String = "", hold: Bool = false,
                dependency: String? = nil, array: String? = nil, beginTime: Instant? = nil, tasks: TaskLayout? = nil,
                inheritedEnvironment: [String]? = nil,
                submitDirectory: String? = nil, submitHost: String? = nil, interactive: Bool? = nil,
                comment: String? = nil, appendOutput: Bool? = nil, requeue: Bool? = nil, nice: Int? = nil,
                warningSignal: WarningSignal? = nil, mail: MailRequest? = nil, unlimitedTime: Bool? = nil,
                submissionKey: String? = nil) {
        self.name = name
        self.user = user
        self.project = project
        self.workdir = workdir
        self.argv = argv
        self.script = script
        self.environment = environment
        self.request = request
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
        self.qos = qos
        self.hold = hold
        self.dependency = dependency
        self.array = array
        self.beginTime = beginTime
        self.tasks = tasks
        self.inheritedEnvironment = inheritedEnvironment
        self.submitDirectory = submitDirectory
        self.submitHost = submitHost
        self.interactive = interactive
        self.comment = comment
        self.appendOutput = appendOutput
        self.requeue = requeue
        self.nice = nice
        self.warningSignal = warningSignal
        self.mail = mail
        self.unlimitedTime = unlimitedTime
        self.submissionKey = submissionKey
    }
}
