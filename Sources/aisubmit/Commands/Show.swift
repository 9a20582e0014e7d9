import AischedClient
import ArgumentParser
import SchedulerProtocol

/// `aisubmit show JOB`: everything about one job, with its state history.
struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one job in detail, with its state history.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "Job id.")
    var job: UInt64

    func run() async throws {
        var query = QueryJobs()
        query.jobIDs = [job]
        query.includeHistory = true
        let jobs = try await Client.call(connection) { rpc in
            try await rpc.request(.queryJobs, query, expecting: .jobList, as: JobList.self).jobs
        }
        guard let info = jobs.first else { throw Client.Failure("no job \(job) of yours") }
        print(output.json ? JobJSON.render(JobJSON(info: info)) : JobText.details(info))
    }
}
