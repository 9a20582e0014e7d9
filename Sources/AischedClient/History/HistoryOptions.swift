import Foundation
import SchedulerProtocol

/// `aisubmit history`'s filters (sacct's), turned into one `queryHistory` request. Every problem of the command line
/// is reported at once.
public struct HistoryOptions: Equatable, Sendable {
    /// `-u/--user NAME[,NAME]`: a user may name only themself (the default); admins anyone.
    public var users: [String] = []
    /// `-a/--all-users` (admins; sacct's `--allusers`).
    public var allUsers = false
    /// `-A/--project` (sacct's `--account`).
    public var projects: [String] = []
    /// `-s/--state`: long or short names (CD, F, CA, TO, NF, PD, R).
    public var states: [String] = []
    /// `-j/--jobs ID[,ID_N]`: an array's id names all its tasks.
    public var jobs: [String] = []
    /// `-S/--starttime`, `-E/--endtime` in sacct's forms (`HistoryTime`).
    public var startTime: String?
    public var endTime: String?

    public init() {}

    /// The request at `now`, or every problem. As sacct: without `--jobs` the window starts at today's midnight
    /// unless `--starttime` says otherwise, and ends now; with `--jobs` and no times, there is no window.
    public func request(now: Date, timeZone: TimeZone = .current) -> Result<QueryHistory, SqueueOptionError> {
        var problems: [String] = []
        var request = QueryHistory()
        request.allUsers = allUsers
        if allUsers, !users.isEmpty { problems.append("--all-users lists everyone's jobs; leave out --user or --all-users") }
        func names(_ lists: [String], _ option: String, _ what: String) -> [String] {
            switch SqueueOptions.names(lists, option: option, what: what) {
            case .success(let names): return names
            case .failure(let error): problems += error.problems; return []
            }
        }
        request.users = names(users, "--user", "user names")
        request.projects = names(projects, "--project", "project names")
        request.selectors = names(jobs, "--jobs", "job ids (ID or ARRAYID_TASK)")
        // COMPLETING is a moment of a live job (squeue's CG), not a state a job ends in: said apart, with the rest.
        let words = states.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let completing = words.filter { ["CG", "COMPLETING"].contains($0.filter { $0 != " " }.uppercased()) }
        if !completing.isEmpty {
            problems.append("--state \(completing[0]): COMPLETING is a moment of a live job, not a state in the history; "
                            + "`aisubmit queue -t CG` lists completing jobs")
        }
        switch SqueueStates.parse(words.filter { !completing.contains($0) }) {
        case .success(let names): request.states = names.filter { $0 != "COMPLETING" } // `all` includes it
        case .failure(let error): problems += error.problems
        }
        let windowed = request.selectors.isEmpty
        do {
            if let startTime {
                request.fromMs = try HistoryTime.parse(startTime, option: "--starttime", now: now, timeZone: timeZone)
            } else if windowed {
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = timeZone
                request.fromMs = Int64(calendar.startOfDay(for: now).timeIntervalSince1970 * 1000)
            }
        } catch { problems.append(error.description) }
        do {
            if let endTime {
                request.toMs = try HistoryTime.parse(endTime, option: "--endtime", now: now, timeZone: timeZone)
            } else if windowed || startTime != nil {
                request.toMs = Int64((now.timeIntervalSince1970 * 1000).rounded())
            }
        } catch { problems.append(error.description) }
        if request.fromMs != 0, request.toMs != 0, request.toMs < request.fromMs {
            problems.append("--endtime is before --starttime; give a window that ends after it starts")
        }
        return problems.isEmpty ? .success(request) : .failure(SqueueOptionError(problems))
    }
}
