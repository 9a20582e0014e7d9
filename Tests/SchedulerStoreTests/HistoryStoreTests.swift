import Foundation
import GRDB
import SchedulerCore
import Testing
@testable import SchedulerStore

/// Retired jobs in the database: a v5 database upgraded, a restart that loads only live jobs (and what live jobs need
/// of the retired ones), and the history query's filters and pages.
@Suite struct HistoryStoreTests {
    static let t0 = Instant(milliseconds: 1_767_225_600_000)

    /// A finished job of `user` (or pending, or running), submitted at `submit`, ended an hour later.
    static func job(_ id: UInt64, user: String = "alice", project: String = "vision", state: JobState = .completed,
                    submit: Instant = t0, array: (JobID, Int)? = nil, key: String? = nil) -> Job {
        var spec = JobSpec(name: "job\(id)", user: user, project: project, workdir: "/tmp",
                           request: ResourceRequest(cpusPerNode: 1))
        spec.submissionKey = key
        var job = Job(id: JobID(id), spec: spec, submitTime: submit, stdoutPath: "/tmp/o", stderrPath: "/tmp/o")
        job.state = state
        if state != .pending { job.startTime = submit + .minutes(1) }
        if state.isTerminal { job.endTime = submit + .minutes(60) }
        job.arrayJobID = array?.0
        job.arrayTaskID = array?.1
        return job
    }

    static func rows(_ jobs: [Job], retired: Set<UInt64> = []) -> [Transition] {
        jobs.flatMap { job -> [Transition] in
            [.jobChanged(job), .jobHistoryAppended(job.id, StateChange(at: job.submitTime, state: .pending, reason: "Priority"))]
                + (job.state.isTerminal ? [.jobHistoryAppended(job.id, StateChange(at: job.endTime!, state: job.state,
                                                                                    reason: "ended"))] : [])
                + (retired.contains(job.id.rawValue) ? [.jobRetired(job.id)] : [])
        }
    }

    @Test func aV5DatabaseIsUpgradedAndItsOldFinishedJobsRetireOnTheFirstPass() throws {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v5-ledger-rows")
        let old = [Self.job(1), Self.job(2, state: .failed), Self.job(3, state: .pending)]
        try queue.write { db in
            for job in old {
                var stored = job
                stored.history = []
                try db.execute(sql: """
                    INSERT INTO jobs (id, user, project, name, state, submit_time, end_time, data)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [Int64(job.id.rawValue), job.spec.user, job.spec.project, job.spec.name,
                                     job.state.rawValue, job.submitTime.milliseconds, job.endTime?.milliseconds,
                                     try JSONColumn.encode(stored)])
            }
        }
        let store = try StateStore(writer: queue, auditRenderer: StateStore.auditJSON, path: nil, maximumBytes: nil)
        let indexes = try queue.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'jobs'")
        }
        #expect(Set(["jobs_live", "jobs_by_user_end", "jobs_by_end", "jobs_by_project", "jobs_retired_by_submit"])
            .isSubset(of: Set(indexes)))
        // Rows written before v6 are live until the core retires them: a day later, on its first pass.
        let now = Self.t0 + .minutes(24 * 60)
        var scheduler = Scheduler(state: try store.load(now: now))
        #expect(scheduler.state.jobs.count == 3)
        let fx = scheduler.handle(.timerFired, at: now)
        try store.commitNow(fx.transitions)
        let reloaded = try store.load(now: now)
        #expect(reloaded.jobs.keys.sorted() == [JobID(3)])
        #expect(reloaded.nextJobID == 4)
        #expect(try store.history(HistoryQuery()).jobs.map(\.id) == [JobID(1), JobID(2), JobID(3)])
    }

    /// Listings of stored jobs read no histories: a retired job still says why it ended.
    @Test func aRetiredJobListedFromTheStoreSaysWhyItEnded() throws {
        let store = try StateStore.inMemory()
        var failed = Self.job(1, state: .failed)
        failed.record(StateChange(at: failed.endTime!, state: .failed, reason: "Exit code 3 on gpu-01"))
        try store.commitNow([.jobChanged(failed), .jobRetired(failed.id)])
        let listed = try #require(try store.history(HistoryQuery()).jobs.first)
        #expect(listed.history.isEmpty)
        #expect(listed.reason == "Exit code 3 on gpu-01")
    }

    @Test func aRestartLoadsLiveJobsAndWhatTheyNeedOfRetiredOnes() throws {
        let store = try StateStore.inMemory()
        var waiting = Self.job(3, state: .pending)
        waiting.dependency = Dependency(conditions: [.init(kind: .afterok, jobs: [JobID(1)])])
        let jobs = [Self.job(1), Self.job(2, key: "key-2"), waiting, Self.job(9, state: .cancelled)]
        try store.commitNow(Self.rows(jobs, retired: [1, 2, 9]))
        let state = try store.load(now: Self.t0 + .minutes(90))
        #expect(state.jobs.keys.sorted() == [JobID(3)])
        #expect(state.jobs[JobID(3)]?.history.count == 1)
        #expect(state.nextJobID == 10, "ids are never used twice, also when the largest one has retired")
        #expect(state.retirements.outcomes == [JobID(1): .completed])
        #expect(state.submissionKeys.job(madeWith: "key-2", by: "alice") == JobID(2))
        // Past the key's lifetime, the key is forgotten like a live one.
        let later = try store.load(now: Self.t0 + .minutes(90), submissionKeyLifetime: .minutes(10))
        #expect(later.submissionKeys.job(madeWith: "key-2", by: "alice") == nil)
    }

    @Test func theHistoryFiltersByUserProjectStateWindowAndJob() throws {
        let store = try StateStore.inMemory()
        let day = Span.minutes(24 * 60)
        let jobs = [
            Self.job(1, user: "alice", submit: Self.t0),
            Self.job(2, user: "bob", submit: Self.t0),
            Self.job(3, user: "alice", project: "robotics", state: .failed, submit: Self.t0 + day),
            Self.job(4, user: "alice", state: .running, submit: Self.t0 + day),
            Self.job(5, user: "alice", submit: Self.t0 + day + day, array: (JobID(5), 0)),
            Self.job(6, user: "alice", submit: Self.t0 + day + day, array: (JobID(5), 1)),
        ]
        try store.commitNow(Self.rows(jobs, retired: [1, 2, 3, 5, 6]))
        func ids(_ query: HistoryQuery) throws -> [UInt64] { try store.history(query).jobs.map(\.id.rawValue) }
        #expect(try ids(HistoryQuery(users: ["alice"])) == [1, 3, 4, 5, 6])
        #expect(try ids(HistoryQuery(users: ["alice", "bob"], projects: ["vision"])) == [1, 2, 4, 5, 6])
        #expect(try ids(HistoryQuery(states: [.failed, .running])) == [3, 4])
        // The second day: what had not ended before it began and was submitted by its end (the running job too).
        #expect(try ids(HistoryQuery(from: Self.t0 + day, to: Self.t0 + day + day + Span(milliseconds: -1000))) == [3, 4])
        // An array's id names its tasks; ID_N one task.
        #expect(try ids(HistoryQuery(selectors: [.job(JobID(5))])) == [5, 6])
        #expect(try ids(HistoryQuery(selectors: [.arrayTask(JobID(5), 1), .job(JobID(2))])) == [2, 6])
        // Pages: by id, with `more` while jobs remain.
        let first = try store.history(HistoryQuery(limit: 4))
        #expect(first.jobs.map(\.id.rawValue) == [1, 2, 3, 4] && first.more)
        let second = try store.history(HistoryQuery(afterID: JobID(4), limit: 4))
        #expect(second.jobs.map(\.id.rawValue) == [5, 6] && !second.more)
    }

    @Test func aStoredJobComesWithItsStateHistory() throws {
        let store = try StateStore.inMemory()
        try store.commitNow(Self.rows([Self.job(7, state: .timeout)], retired: [7]))
        let job = try #require(try store.storedJob(JobID(7)))
        #expect(job.history.map(\.state) == [.pending, .timeout])
        #expect(try store.storedJob(JobID(8)) == nil)
    }
}
