/// The files of one job's part in the agent's spool. They outlive the agent: a restarted agent finds the parts it
/// launched (`record`), their shepherds (by `spec`, in /proc), how they ended (`exitStatus`) and the exit reports
/// schedd has not acknowledged yet (`report`).
struct SpoolPaths: Sendable {
    let base: String

    init(spool: String, job: UInt64) { base = "\(spool)/job-\(job)" }

    /// The `ExecSpec` the shepherd and the wrapper read (0600: it holds the job's environment).
    var spec: String { base + ".json" }
    var script: String { base + ".script" }
    /// The wrapper's standard error until the job's own: why the job could not start.
    var failure: String { base + ".launch" }
    /// The `PartRecord`: written before the agent asks to start the part.
    var record: String { base + ".part" }
    /// The job's pid (its process group), written by the shepherd.
    var jobPid: String { base + ".pid" }
    /// How the job ended, written by the shepherd (`ExitStatusFile`).
    var exitStatus: String { base + ".exit" }
    /// The `JobExited` report until schedd acknowledges it.
    var report: String { base + ".report" }

    /// Everything but the report: what is left once the part has ended and its report is written.
    var partFiles: [String] { [spec, script, failure, record, jobPid, exitStatus] }
}
