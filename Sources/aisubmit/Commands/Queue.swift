import AischedClient
import ArgumentParser
import SchedulerProtocol

/// `aisubmit queue`: your pending and running jobs (like squeue), or more with filters.
struct Queue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List your jobs (pending and running by default).")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "Also list finished jobs.")
    var all = false

    @Flag(help: "Admins: list every user's jobs.")
    var allUsers = false

    @Flag(help: "Pending jobs only, with their expected start times and why they wait (like squeue --start).")
    var start = false

    @Option(name: .long, help: "Only jobs in this state (PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, NODE_FAIL); repeatable.")
    var state: [String] = []

    func run() async throws {
        var query = QueryJobs()
        query.includeFinished = all
        query.allUsers = allUsers
        query.states = start ? ["PENDING"] : state.map { $0.uppercased() }
        let jobs = try await Client.call(connection) { rpc in try await Self.allPages(query, rpc) }
        if output.json {
            print(JobJSON.render(jobs.map(JobJSON.init)))
        } else {
            print(start ? JobText.startTable(jobs) : JobText.table(jobs))
        }
    }

    /// Follows `JobList.more` until every matching job is fetched.
    static func allPages(_ query: QueryJobs, _ rpc: RPCConnection) async throws -> [JobInfo] {
        var query = query
        var jobs: [JobInfo] = []
        while true {
            let page = try await rpc.request(.queryJobs, query, expecting: .jobList, as: JobList.self)
            jobs += page.jobs
            guard page.more, let last = page.jobs.last else { return jobs }
            query.afterJobID = last.id
        }
    }
}
