import GRDB
import SchedulerCore

/// Which stored jobs `aisubmit history` (sacct) asks for. Every empty filter means "no filter"; the ones that are
/// set must all hold. The caller has already applied visibility (a user's own jobs only).
public struct HistoryQuery: Hashable, Sendable {
    /// Only these users' jobs; empty: everyone's.
    public var users: [String]
    public var projects: [String]
    public var states: [JobState]
    /// Jobs as Slurm names them: an array's id names all its tasks, `42_3` one task.
    public var selectors: [JobSelector]
    /// The window: jobs that had not ended before `from` and were submitted by `to` (sacct's -S and -E: jobs
    /// present in the system at some time in the window; a job still pending or running has not ended).
    public var from: Instant?
    public var to: Instant?
    /// Paging: only jobs with a larger id, at most `limit` of them.
    public var afterID: JobID
    public var limit: Int

    public init(users: [String] = [], projects: [String] = [], states: [JobState] = [], selectors: [JobSelector] = [],
                from: Instant? = nil, to: Instant? = nil, afterID: JobID = JobID(0), limit: Int = 1000) {
        self.users = users
        self.projects = projects
        self.states = states
        self.selectors = selectors
        self.from = from
        self.to = to
        self.afterID = afterID
        self.limit = limit
    }
}

/// Reads of finished (and live) jobs from the database, on a read connection: never on the scheduler's actor, and
/// never for the scheduling itself (`aisubmit history`, and `show`/`logs` of a job that left the live state).
extension StateStore {
    /// One page of the jobs `query` matches, in id order, without their scripts and state histories; `more` when
    /// jobs past the page match too.
    public func history(_ query: HistoryQuery) throws -> (jobs: [Job], more: Bool) {
        // With a window, the window's index finds the few rows and they are sorted: `+id` keeps SQLite from walking the
        // table in id order (the primary key) for them, 346 ms for everyone's last day over a million jobs.
        let id = query.from == nil ? "id" : "+id"
        var clauses = ["\(id) > ?"]
        var arguments: [(any DatabaseValueConvertible)?] = [Int64(bitPattern: query.afterID.rawValue)]
        func oneOf(_ column: String, _ values: [String]) {
            guard !values.isEmpty else { return }
            clauses.append("\(column) IN (\(Array(repeating: "?", count: values.count).joined(separator: ",")))")
            arguments += values
        }
        oneOf("user", query.users)
        oneOf("project", query.projects)
        oneOf("state", query.states.map(\.rawValue))
        if !query.selectors.isEmpty {
            clauses.append("(" + query.selectors.map { Self.selectorClause($0, into: &arguments) }
                .joined(separator: " OR ") + ")")
        }
        if let from = query.from {
            clauses.append("ifnull(end_time, 9223372036854775807) >= ?")
            arguments.append(from.milliseconds)
        }
        if let to = query.to {
            clauses.append("submit_time <= ?")
            arguments.append(to.milliseconds)
        }
        let limit = max(1, query.limit)
        let sql = "SELECT data FROM jobs WHERE " + clauses.joined(separator: " AND ") + " ORDER BY \(id) LIMIT \(limit + 1)"
        do {
            return try writer.read { db in
                var jobs: [Job] = []
                let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
                while let row = try rows.next() {
                    jobs.append(try JSONColumn.decode(Job.self, from: row["data"], what: "a job"))
                }
                let more = jobs.count > limit
                return (Array(jobs.prefix(limit)), more)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.readFailed, "cannot read the job history: \(error)")
        }
    }

    /// A job as stored, with its state history and script: what `show` and `logs` need of a job that left the live
    /// state. nil when there is no such job.
    public func storedJob(_ id: JobID) throws -> Job? {
        do {
            return try writer.read { db in
                let key = Int64(bitPattern: id.rawValue)
                guard let row = try Row.fetchOne(db, sql: "SELECT data, script_id FROM jobs WHERE id = ?",
                                                 arguments: [key]) else { return nil }
                var job = try JSONColumn.decode(Job.self, from: row["data"], what: "a job")
                if let scriptID: Int64 = row["script_id"] {
                    job.spec.script = try String.fetchOne(db, sql: "SELECT text FROM job_scripts WHERE id = ?",
                                                          arguments: [scriptID])
                }
                let changes = try Row.fetchAll(db, sql: """
                    SELECT at, state, reason FROM job_transitions WHERE job_id = ? ORDER BY seq
                    """, arguments: [key])
                job.history = try changes.map { change in
                    guard let state = JobState(rawValue: change["state"]) else {
                        throw StoreError(.corruptRow, "job \(id) has an unknown state in its history")
                    }
                    return StateChange(at: Instant(milliseconds: change["at"]), state: state, reason: change["reason"])
                }
                return job
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.readFailed, "cannot read job \(id) from the database: \(error)")
        }
    }

    /// `42`: job 42 and, when it is an array's id, its tasks (consecutive ids from it); `42_3`: task 3 of array 42.
    /// The id range comes first so the primary key narrows the rows before their JSON is read.
    private static func selectorClause(_ selector: JobSelector,
                                       into arguments: inout [(any DatabaseValueConvertible)?]) -> String {
        let last = { (id: JobID) in Int64(bitPattern: id.rawValue &+ UInt64(ArraySpec.maxTasks) &- 1) }
        switch selector {
        case .job(let id):
            let key = Int64(bitPattern: id.rawValue)
            arguments += [key, key, last(id), key]
            return "(id = ? OR (id BETWEEN ? AND ? AND json_extract(data, '$.arrayJobID') = ?))"
        case .arrayTask(let id, let task):
            let key = Int64(bitPattern: id.rawValue)
            arguments += [key, last(id), key, task]
            return "(id BETWEEN ? AND ? AND json_extract(data, '$.arrayJobID') = ? "
                + "AND json_extract(data, '$.arrayTaskID') = ?)"
        }
    }
}
