import GRDB
import SchedulerCore

/// What live jobs still need from retired ones after a restart (`ClusterState`'s retired-job inputs).
extension StateStore {
    /// The final states of the retired jobs that live jobs' dependencies name (`Retirements.outcomes`).
    static func retiredOutcomes(_ db: Database, namedBy jobs: [Job]) throws -> [JobID: JobState] {
        let live = Set(jobs.map(\.id))
        var named = Set<JobID>()
        for job in jobs where !job.state.isTerminal {
            for condition in job.dependency?.conditions ?? [] { named.formUnion(condition.jobs) }
        }
        named.subtract(live)
        var outcomes: [JobID: JobState] = [:]
        let statement = try db.cachedStatement(sql: "SELECT state FROM jobs WHERE id = ? AND retired = 1")
        for id in named.sorted() {
            guard let text = try String.fetchOne(statement, arguments: [Int64(bitPattern: id.rawValue)]) else { continue }
            guard let state = JobState(rawValue: text) else {
                throw StoreError(.corruptRow, "job \(id) has an unknown state \"\(text)\"")
            }
            outcomes[id] = state
        }
        return outcomes
    }

    /// The submission keys of retired jobs submitted since `cutoff` (a client may retry a submit whose job has
    /// already run and left; it must get that job's id, not a second job). The key is read from the row's JSON:
    /// these are the few jobs of the key lifetime, found by the partial index on submit time.
    static func retiredKeys(_ db: Database, since cutoff: Instant) throws -> [SubmissionKeys.Made] {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, user, submit_time, json_extract(data, '$.spec.submissionKey') AS key,
                   json_extract(data, '$.arrayJobID') AS array
            FROM jobs WHERE retired = 1 AND submit_time >= ?
            """, arguments: [cutoff.milliseconds])
        var keys: [SubmissionKeys.Made] = []
        while let row = try rows.next() {
            guard let key: String = row["key"] else { continue }
            let id: Int64 = row["array"] ?? row["id"]
            keys.append(SubmissionKeys.Made(user: row["user"], key: key, job: JobID(UInt64(bitPattern: id)),
                                            at: Instant(milliseconds: row["submit_time"])))
        }
        return keys
    }
}
