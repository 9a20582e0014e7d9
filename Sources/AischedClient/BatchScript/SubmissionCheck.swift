import SchedulerCore
import SchedulerProtocol

/// What aisubmit checks in a submission before it sends it: the server's own rule for texts (`SubmissionTexts`,
/// from the core), and whether the request fits in one frame at all. Without this, a 10 MB script made schedd close
/// the connection mid-write and aisubmit said only that the reply "could not be read".
public enum SubmissionCheck {
    /// The largest request schedd takes with its default `--max-frame-bytes`.
    public static let largestRequest = FrameDecoder.defaultMaximumPayloadBytes

    /// Every problem, one sentence each; empty when the submission may be sent.
    public static func problems(in submission: JobSubmission) -> [String] {
        var problems = submission.texts.problems(scriptBytes: nil)
        let size = submission.wireBytes().count
        if size > largestRequest {
            let script = submission.script.isEmpty ? "" : " (its batch script \(submission.script.utf8.count))"
            problems.append("the submission is \(size) bytes\(script), more than the \(largestRequest) schedd takes in "
                            + "one request: keep large data in files the job reads, not in its script or environment")
        }
        return problems
    }
}

extension JobSubmission {
    /// The submission's free texts, for the core's rule.
    public var texts: SubmissionTexts {
        var t = SubmissionTexts()
        t.name = name
        t.workdir = workdir
        t.stdoutPath = stdoutPath
        t.stderrPath = stderrPath
        t.submitDirectory = submitDirectory
        t.argv = argv
        t.script = script.isEmpty ? nil : script
        t.environment = environment
        t.inheritedEnvironment = inheritedEnvironment
        t.comment = comment
        t.mailUser = mailUser
        t.project = project
        t.qos = qos
        t.partitions = partitions
        t.gpuModel = gpuModel
        t.constraint = constraint
        t.submitHost = submitHost
        t.dependency = dependency
        t.array = array
        t.submissionKey = submissionKey
        t.interactive = interactive
        return t
    }
}
