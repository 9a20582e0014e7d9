import AischedClient
import ArgumentParser
import Foundation
import SchedulerProtocol

/// `aisubmit history`: jobs from the database, finished ones long after they left the queue (Slurm's sacct; run as
/// `sacct`, it takes sacct's common options).
struct History: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List your jobs from the accounting history, finished ones included (like sacct).",
        discussion: """
            As sacct: without --jobs, jobs present since today's midnight (--starttime) until now (--endtime); \
            times as sacct takes them (now-2days, today, HH:MM, YYYY-MM-DD[THH:MM[:SS]], MM/DD[/YY]). \
            -u/--user (a user may name only themself; admins anyone), -a/--all-users (admins), -A/--project, \
            -s/--state (CD, F, CA, TO, NF, PD, R or long names), -j/--jobs ID[,ID_N]. Output: a table, \
            --format csv, -P/--parsable2 or --json. See docs/SLURM.md for sacct's options.
            """,
        helpNames: [.long])

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Option(name: [.customShort("u"), .customLong("user"), .customLong("users")],
            help: "Only these users' jobs (comma-separated; a user may name only themself, admins anyone).")
    var user: [String] = []

    @Flag(name: [.customShort("a"), .customLong("all-users"), .customLong("allusers")],
          help: "Admins: every user's jobs.")
    var allUsers = false

    @Option(name: [.customShort("A"), .customLong("project"), .customLong("account"), .customLong("accounts")],
            help: "Only jobs of these projects (comma-separated; sacct's --account).")
    var project: [String] = []

    @Option(name: [.customShort("s"), .customLong("state"), .customLong("states")],
            help: "Only jobs in these states (comma-separated; CD, F, CA, TO, NF, PD, R or long names).")
    var state: [String] = []

    @Option(name: [.customShort("j"), .customLong("jobs")],
            help: "Only these jobs (comma-separated); an array's id names all its tasks, ARRAYID_TASK (42_3) one task.")
    var jobs: [String] = []

    @Option(name: [.customShort("S"), .customLong("starttime")],
            help: "Jobs not ended before this time (default: today's midnight, unless --jobs is given).")
    var startTime: String?

    @Option(name: [.customShort("E"), .customLong("endtime")], help: "Jobs submitted by this time (default: now).")
    var endTime: String?

    @Option(name: [.customShort("o"), .customLong("format")], help: "table, csv or json (--json is the same as json).")
    var format: String = "table"

    @Flag(name: [.customShort("P"), .customLong("parsable2")], help: "Fields separated by |, as sacct -P.")
    var parsable = false

    @Flag(name: [.customShort("n"), .customLong("noheader")], help: "Print no header line.")
    var noHeader = false

    @Flag(name: [.customShort("X"), .customLong("allocations")],
          help: "Accepted for sacct: aisched's history has one line per job (steps are not recorded).")
    var allocations = false

    var options: HistoryOptions {
        var o = HistoryOptions()
        o.users = user
        o.allUsers = allUsers
        o.projects = project
        o.states = state
        o.jobs = jobs
        o.startTime = startTime
        o.endTime = endTime
        return o
    }

    /// Every problem of the command line at once, before anything is asked of the server.
    func validate() throws {
        var problems: [String] = []
        if case .failure(let error) = options.request(now: Date()) { problems += error.problems }
        switch HistoryFormat.parse(format) {
        case .failure(let error): problems += error.problems
        case .success(let chosen):
            if output.json, chosen != .table, chosen != .json { problems.append("--json and --format \(format) both choose the output; give one") }
            if parsable, output.json || chosen != .table { problems.append("-P/--parsable2 chooses the output too; leave out --format and --json") }
        }
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
    }

    func run() async throws {
        let now = Date()
        let request = try options.request(now: now).get()
        let chosen = output.json ? .json : try HistoryFormat.parse(format).get()
        let jobs = try await Client.call(connection) { rpc in try await rpc.history(request) }
        let text: String
        switch chosen {
        case .json: text = JobJSON.render(jobs.map(JobJSON.init)) + "\n"
        case .csv: text = HistoryTable.csv(jobs, header: !noHeader, now: now)
        case .table where parsable: text = HistoryTable.parsable(jobs, header: !noHeader, now: now)
        case .table:
            let rows = (noHeader ? [] : [HistoryTable.columns]) + jobs.map { HistoryTable.row($0, now: now) }
            text = rows.isEmpty ? "" : JobText.align(rows) + "\n"
        }
        print(text, terminator: "")
    }
}
