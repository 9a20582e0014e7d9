import AischedClient
import ArgumentParser
import Foundation
import SchedulerCore
import SchedulerProtocol

/// `aisubmit queue`: your pending and running jobs, filtered and formatted as Slurm's squeue does.
struct Queue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "List your jobs (pending and running by default), with squeue's filters and formats.",
        discussion: """
            As squeue: -u/--user NAME[,NAME] (a user may name only themself; admins anyone), --me, \
            -j/--jobs ID[,ID_N] (an array's id names all its tasks, ID_N one task), -t/--states PD,R,CG,CD,F,CA,TO,NF \
            (or long names, or all), -o/--format with %i %j %u %a %P %t %T %M %l %D %R %S %V and widths such as \
            %.10i or %-20j, -h/--noheader. See docs/SLURM.md.
            """,
        // -h is squeue's --noheader; help stays --help.
        helpNames: [.long])

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "Also list finished jobs.")
    var all = false

    @Flag(help: "Admins: list every user's jobs.")
    var allUsers = false

    @Flag(help: "Pending jobs only, with their expected start times and why they wait (like squeue --start).")
    var start = false

    @Option(name: .long, help: "Only jobs in this state (PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, NODE_FAIL, or as -t); repeatable.")
    var state: [String] = []

    @Option(name: [.customShort("u"), .customLong("user"), .customLong("users")],
            help: "Only these users' jobs (comma-separated; a user may name only themself, admins anyone).")
    var user: [String] = []

    @Flag(help: "Only your own jobs.")
    var me = false

    @Option(name: [.customShort("j"), .customLong("jobs")],
            help: "Only these jobs (comma-separated); an array's id names all its tasks, ARRAYID_TASK (42_3) one task.")
    var jobs: [String] = []

    @Option(name: [.customShort("t"), .customLong("states")],
            help: "Only jobs in these states, comma-separated, Slurm's long or short names (PD, R, CG, CD, F, CA, TO, NF) or all.")
    var states: [String] = []

    @Option(name: [.customShort("o"), .customLong("format")],
            help: "squeue's output format, e.g. \"%.18i %.9P %.8j %.8u %.2t %.10M %.6D %R\".")
    var format: String?

    @Flag(name: [.customShort("h"), .customLong("noheader")], help: "Print no header line.")
    var noHeader = false

    var options: SqueueOptions {
        var o = SqueueOptions()
        o.users = user
        o.me = me
        o.allUsers = allUsers
        o.jobs = jobs
        o.states = state + states
        o.start = start
        o.all = all
        o.format = format
        o.json = output.json
        return o
    }

    /// Every problem of the command line at once, before anything is asked of the server.
    func validate() throws {
        var problems: [String] = []
        if case .failure(let error) = options.query() { problems += error.problems }
        if let format, case .failure(let error) = SqueueFormat.parse(format) { problems += error.problems }
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
    }

    func run() async throws {
        let query = try options.query().get()
        let layout = try format.map { try SqueueFormat.parse($0).get() }
        let jobs = try await Client.call(connection) { rpc in try await rpc.jobs(query) }
        let text: String
        if output.json {
            text = JobJSON.render(jobs.map(JobJSON.init))
        } else if let layout {
            text = layout.render(jobs, header: !noHeader, SqueueContext(hostList: { Hostlist.compress($0) }))
        } else {
            let table = start ? JobText.startTable(jobs) : JobText.table(jobs)
            text = noHeader ? table.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n") : table
        }
        if !text.isEmpty { print(text) }
    }

}
