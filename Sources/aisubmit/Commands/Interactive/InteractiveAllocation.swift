import AischedClient
import ArgumentParser
import Foundation
import SchedulerProtocol

/// The allocation of `aisubmit run` and `aisubmit alloc` (Slurm's `srun` outside a job, and `salloc`): submitted with
/// the job options of `aisubmit submit`, held by this connection (if it closes first, schedd cancels the job), and
/// waited for until it runs. Slurm's messages, with aisubmit's name.
struct InteractiveAllocation {
    let rpc: RPCConnection
    let job: JobInfo

    /// Parses `[options] [--] [COMMAND…]` as `aisubmit submit` would; `SBATCH_*` variables do not apply (they are
    /// sbatch's), and there is no script.
    static func prepare(_ words: [String]) throws -> (SubmitCommandLine, JobSubmission) {
        do {
            let commandLine = try SubmitCommandLine.parse(words)
            var environment = ProcessInfo.processInfo.environment
            for key in environment.keys where key.hasPrefix("SBATCH_") { environment[key] = nil }
            let context = SubmissionContext(environment: environment,
                                            currentDirectory: FileManager.default.currentDirectoryPath,
                                            hostName: ProcessInfo.processInfo.hostName)
            let prepared = try commandLine.prepareCommand(context: context)
            guard prepared.array == nil else {
                throw ValidationError("an interactive allocation cannot be an array; submit arrays with aisubmit submit")
            }
            var submission = prepared.submission
            submission.interactive = true
            submission.dependency = prepared.dependency ?? ""
            if let begin = prepared.begin { submission.beginTimeMs = try BeginTime.parse(begin, now: Date()) }
            let problems = SubmissionCheck.problems(in: submission)
            if !problems.isEmpty { throw ValidationError(problems.joined(separator: "; ")) }
            return (commandLine, submission)
        } catch let error as BatchScriptError {
            throw ValidationError(error.diagnostic)
        }
    }

    /// Submits, asks schedd to cancel the job if this connection goes, and waits until the job runs.
    static func acquire(_ submission: JobSubmission, on rpc: RPCConnection) async throws -> InteractiveAllocation {
        let id = try await rpc.request(.submitJob, submission, expecting: .submitJobReply, as: SubmitJobReply.self).jobID
        var watch = EndAllocation()
        watch.jobID = id
        watch.whenConnectionCloses = true
        _ = try await rpc.request(.endAllocation, watch, expecting: .endAllocationReply, as: JobActionReply.self)
        var told = false
        while true {
            var query = QueryJobs()
            query.jobIDs = [id]
            guard let job = try await rpc.request(.queryJobs, query, expecting: .jobList, as: JobList.self).jobs.first else {
                throw Client.Failure("job \(id) disappeared while waiting for resources")
            }
            switch job.state {
            case "RUNNING":
                say("job \(id) has been allocated resources")
                return InteractiveAllocation(rpc: rpc, job: job)
            case "PENDING":
                if !told { say("job \(id) queued and waiting for resources (\(WaitExplanation.sentence(job)))") }
                told = true
                try await Task.sleep(for: .milliseconds(250))
            default:
                throw Client.Failure("job \(id) ended before it started: \(job.state), \(job.reason)")
            }
        }
    }

    /// Ends the allocation with the session's exit code (COMPLETED for 0, FAILED otherwise).
    func end(exitCode: Int32) async {
        var end = EndAllocation()
        end.jobID = job.id
        end.exitCode = exitCode
        _ = try? await rpc.request(.endAllocation, end, expecting: .endAllocationReply, as: JobActionReply.self)
    }

    static func say(_ line: String) {
        FileHandle.standardError.write(Data("aisubmit: \(line)\n".utf8))
    }
}
