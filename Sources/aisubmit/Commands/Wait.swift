import AischedClient
import ArgumentParser
import Foundation
import SchedulerCore
import SchedulerProtocol

/// `aisubmit wait JOB…`: block until jobs end (for scripts, like `sbatch --wait`).
struct Wait: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait",
        abstract: "Wait until jobs end; exits 0 only if all of them COMPLETED.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Give up after this many seconds (exit 3).")
    var timeout: Double?

    @Argument(help: "Job ids.")
    var jobs: [UInt64]

    func run() async throws {
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        var query = QueryJobs()
        query.jobIDs = jobs
        query.includeHistory = true
        let finished = try await Client.call(connection) { rpc -> [JobInfo]? in
            while true {
                let infos = try await rpc.jobs(query)
                if infos.count == jobs.count, infos.allSatisfy({ Self.terminal.contains($0.state) }) { return infos }
                if let deadline, Date() > deadline { return nil }
                try await Task.sleep(for: .milliseconds(250))
            }
        }
        guard let finished else {
            FileHandle.standardError.write(Data("aisubmit: timed out waiting for \(jobs.map(String.init).joined(separator: ", "))\n".utf8))
            throw ExitCode(3)
        }
        if output.json {
            print(JobJSON.render(finished.map(JobJSON.init)))
        } else {
            for job in finished { print("job \(job.id) \(job.state): \(PrintableText.escaped(job.reason))") }
        }
        if finished.contains(where: { $0.state != "COMPLETED" }) { throw ExitCode(1) }
    }

    static let terminal: Set<String> = ["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL"]
}
