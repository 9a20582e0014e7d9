/// How large a submission's parts may be and how much one user may keep queued (docs/OPERATIONS.md, "Inputs and
/// storage limits"). The fixed sizes come from the kernel and from what a listing can show; the others are the
/// site's choice, set in schedd's configuration file.
public struct InputLimits: Hashable, Sendable, Codable {
    /// Largest batch script in bytes (`maxScriptBytes`). Slurm's `max_script_size` default: 4 MiB.
    public var scriptBytes: Int
    /// Most jobs one user may have waiting, each array task counting as one (`maxPendingJobsPerUser`). Like
    /// Slurm's MaxSubmitJobs, but running jobs do not count: the cluster's size bounds those.
    public var pendingJobsPerUser: Int
    /// How long schedd remembers a submission key, so that a retry within it returns the job it made
    /// (`submissionKeyHours`).
    public var submissionKeyLifetime: Span

    public init(scriptBytes: Int = 4 << 20, pendingJobsPerUser: Int = 10_000,
                submissionKeyLifetime: Span = .minutes(24 * 60)) {
        self.scriptBytes = scriptBytes
        self.pendingJobsPerUser = pendingJobsPerUser
        self.submissionKeyLifetime = submissionKeyLifetime
    }

    /// A job name (`--job-name`): as long as Slurm's job_name column holds, four times over.
    public static let nameBytes = 1024
    /// `--comment`.
    public static let commentBytes = 4096
    /// A path (`--chdir`, `--output`, `--error`, the submit directory): Linux's PATH_MAX.
    public static let pathBytes = 4096
    /// One command-line argument or one `NAME=value` environment entry: Linux's MAX_ARG_STRLEN; execve refuses
    /// a longer one, so the job could never start.
    public static let argumentBytes = 128 << 10
    /// All of a job's arguments together (with its environment, below the 2 MiB execve takes).
    public static let argvBytes = 512 << 10
    /// All of a job's environment together (its own entries and the inherited ones).
    public static let environmentBytes = 1 << 20
    /// A short word: project, QoS, partition, GPU model, `--constraint`, submit host, `--mail-user`.
    public static let wordBytes = 1024
    /// A list a user may make long: `--dependency`, `--array`.
    public static let listBytes = 64 << 10
    /// A submission key (`JobSubmission.submissionKey`): aisubmit sends 32 hex digits.
    public static let submissionKeyBytes = 128
}
