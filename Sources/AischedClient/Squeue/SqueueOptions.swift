import SchedulerProtocol

/// `aisubmit queue`'s filters as squeue reads them, turned into one `queryJobs` request. Every problem of the
/// command line is reported at once.
public struct SqueueOptions: Equatable, Sendable {
    /// `-u/--user NAME[,NAME]` (repeatable): only these users' jobs. The server refuses a user naming others.
    public var users: [String] = []
    /// `--me`: only your own jobs (what a user sees anyway; an admin's own instead of everyone's).
    public var me = false
    /// `--all-users` (admins).
    public var allUsers = false
    /// `-j/--jobs ID[,ID_N]` (repeatable): an array's id names all its tasks, `42_3` one task.
    public var jobs: [String] = []
    /// `-t/--states` and the older `--state` (repeatable, comma-separated, long or short names).
    public var states: [String] = []
    /// `--start`: pending jobs only, unless states are given (as squeue).
    public var start = false
    /// `--all`: also finished jobs.
    public var all = false
    /// `--format` and `--json` both choose the output.
    public var format: String?
    public var json = false

    public init() {}

    /// The request, or every problem of the command line.
    public func query() -> Result<QueryJobs, SqueueOptionError> {
        var problems: [String] = []
        var query = QueryJobs()
        query.summary = true // squeue's columns never show a job's command, script or environment
        query.includeFinished = all
        query.allUsers = allUsers
        if me, !users.isEmpty || allUsers {
            problems.append("--me lists your own jobs; leave out \(users.isEmpty ? "--all-users" : "--user") or --me")
        }
        if format != nil, json { problems.append("--format and --json both choose the output; give one") }
        switch Self.names(users, option: "--user", what: "user names") {
        case .success(let names): query.users = names
        case .failure(let error): problems += error.problems
        }
        switch Self.names(jobs, option: "--jobs", what: "job ids (ID or ARRAYID_TASK)") {
        case .success(let names): query.selectors = names
        case .failure(let error): problems += error.problems
        }
        switch SqueueStates.parse(states) {
        case .success(let names): query.states = names.isEmpty && start ? ["PENDING"] : names
        case .failure(let error): problems += error.problems
        }
        return problems.isEmpty ? .success(query) : .failure(SqueueOptionError(problems))
    }

    /// The words of comma-separated lists, in order and without repeats; an empty word is a mistake.
    static func names(_ lists: [String], option: String, what: String) -> Result<[String], SqueueOptionError> {
        var names: [String] = []
        for list in lists {
            let words = list.split(separator: ",", omittingEmptySubsequences: false).map { String($0.filter { $0 != " " }) }
            guard !words.contains("") else {
                return .failure(SqueueOptionError(["\(option) \"\(list)\": give \(what) separated by commas"]))
            }
            for word in words where !names.contains(word) { names.append(word) }
        }
        return .success(names)
    }
}
