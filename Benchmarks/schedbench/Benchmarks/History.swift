import ArgumentParser
import Foundation
import SchedulerCore
import SchedulerStore

/// `schedbench history`: a database holding a centre's past (finished jobs retired from the live state, each with its
/// history rows and a ledger row) and a live queue. How long schedd takes to start on it (only the live jobs are
/// loaded), and how long `aisubmit history` queries take in SQL (by user and time window, by project, by job).
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "schedd start and history query times over a database of many retired jobs.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var binaries: BinaryOptions

    @Option(help: "Finished jobs in the history (retired: not loaded at start).")
    var finished: Int = 1_000_000

    @Option(help: "Live jobs (pending, loaded at start).")
    var live: Int = 1_000

    @Flag(help: "Write no usage ledger rows (to tell the jobs' part of the start from the accounting book's replay).")
    var noLedger = false

    func run() async throws {
        print(MachineInfo.describe() + "\n")
        var bench = HistoryBenchmark(finished: common.quick ? 20_000 : finished, live: common.quick ? 200 : live)
        bench.ledger = !noLedger
        bench.runs = common.effectiveRuns
        bench.binDir = try ScheddProcess.binDir(binaries.binDir)
        try bench.run().forEach { $0.print() }
    }
}

struct HistoryBenchmark {
    var finished: Int
    var live: Int
    var runs = 5
    var binDir = ""
    /// A ledger row per finished job, as running it leaves (the book replays them at start).
    var ledger = true
    static let users = 200
    static let projects = 40
    /// The history spans a year: the last submit is `end`.
    static let end = Instant(milliseconds: 1_767_225_600_000)
    static let year = Span.minutes(365 * 24 * 60)

    func run() throws -> [ReportTable] {
        let dir = try TempDirectory("history")
        defer { dir.remove() }
        let stateDir = dir.path + "/state"
        try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true)
        let path = stateDir + "/aisched.db"
        let (_, writeMs) = try Stopwatch.measure { try write(path) }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        progress("history: wrote \(finished) finished and \(live) live jobs in \(Int(writeMs)) ms (\(bytes >> 20) MiB)")
        return [try startTable(path: path, stateDir: stateDir), try queryTable(path: path)]
    }

    /// Jobs in batches of 10,000, as the core commits them: the row, two history rows, a ledger row and, for the
    /// finished ones, the retirement.
    private func write(_ path: String) throws {
        let store = try StateStore(path: path)
        let total = finished + live
        for first in stride(from: 0, to: total, by: 10_000) {
            progress("history: writing jobs \(first)…")
            var batch: [Transition] = []
            for index in first..<min(total, first + 10_000) {
                let job = Self.job(index, finished: index < finished, of: finished)
                batch.append(.jobChanged(job))
                batch += job.history.map { .jobHistoryAppended(job.id, $0) }
                if job.state.isTerminal, ledger {
                    batch.append(.usageCharged(UsageCharge(job: job.id, project: job.spec.project, user: job.spec.user,
                                                           qos: .normal, from: job.startTime!, to: job.endTime!, rate: 1,
                                                           multiplier: 1, gpuHours: 1.5, countsAgainstBudget: true)))
                }
                if job.state.isTerminal { batch.append(.jobRetired(job.id)) }
            }
            try store.commitNow(batch)
        }
    }

    /// Job `index`: finished ones submitted evenly over the year, the live ones pending at its end.
    static func job(_ index: Int, finished: Bool, of count: Int) -> Job {
        let user = "user\(index % users)"
        let spec = JobSpec(name: "train-\(index % 97)", user: user, project: "project\(index % projects)",
                           workdir: "/scratch/\(user)", argv: ["python", "train.py", "--seed", String(index)],
                           request: ResourceRequest(cpusPerNode: 16, memoryMBPerNode: 64_000, gpusPerNode: 1 + index % 8,
                                                    timeLimit: .minutes(240)))
        let offset = finished ? year.milliseconds * Int64(index) / Int64(max(1, count)) : year.milliseconds
        let submit = Instant(milliseconds: end.milliseconds - year.milliseconds + offset)
        var job = Job(id: JobID(UInt64(index) + 1), spec: spec, submitTime: submit,
                      stdoutPath: "\(spec.workdir)/aisched-\(index + 1).out", stderrPath: "\(spec.workdir)/aisched-\(index + 1).out")
        job.history = [StateChange(at: submit, state: .pending, reason: "Submitted")]
        guard finished else { return job }
        job.state = index % 10 == 0 ? .failed : .completed
        job.startTime = submit + .seconds(30)
        job.endTime = submit + .minutes(90)
        job.exitCode = job.state == .failed ? 1 : 0
        job.pendingReason = nil
        job.record(StateChange(at: job.endTime!, state: job.state,
                                       reason: job.state == .failed ? "Exit code 1" : "Exit code 0"))
        return job
    }

    /// Opening the store and loading it in this process, and a real schedd from exec to listening.
    private func startTable(path: String, stateDir: String) throws -> ReportTable {
        var table = ReportTable(
            "history: start with \(Format.grouped(finished)) retired jobs and \(Format.grouped(live)) live ones in the database"
                + (ledger ? ", a ledger row per finished job" : ", no ledger rows"),
            columns: ["what", "ms", "jobs loaded", "runs"])
        var load = Samples(), schedd = Samples()
        var loaded = 0
        for run in 1...runs {
            progress("history: load, run \(run)/\(runs)")
            let (state, ms) = try Stopwatch.measure { try StateStore(path: path).load(now: Self.end + .minutes(60)) }
            load.add(ms)
            loaded = state.jobs.count
            progress("history: schedd start, run \(run)/\(runs)")
            let process = try ScheddProcess.start(binDir: binDir, stateDir: stateDir)
            schedd.add(process.startMs)
            process.stop()
        }
        table.add(["StateStore open + load", load.summary(Format.ms), Format.grouped(loaded), String(runs)])
        table.add(["schedd from exec to listening", schedd.summary(Format.ms), Format.grouped(loaded), String(runs)])
        return table
    }

    /// Each query's first page (up to 2,000 jobs, as schedd's pages), on a store opened once, as schedd's readers are.
    private func queryTable(path: String) throws -> ReportTable {
        let store = try StateStore(path: path)
        let week = Span.minutes(7 * 24 * 60)
        let day = Span.minutes(24 * 60)
        let queries: [(String, HistoryQuery)] = [
            ("one user, last day", HistoryQuery(users: ["user7"], from: Self.end - day, to: Self.end, limit: 2000)),
            ("one user, last week", HistoryQuery(users: ["user7"], from: Self.end - week, to: Self.end, limit: 2000)),
            ("one user, a week in the middle", HistoryQuery(users: ["user7"], from: Self.end - Self.year / 2,
                                                            to: Self.end - Self.year / 2 + week, limit: 2000)),
            ("one user, whole year (first page)", HistoryQuery(users: ["user7"], limit: 2000)),
            ("one user, failed, whole year", HistoryQuery(users: ["user7"], states: [.failed], limit: 2000)),
            ("one project, last week", HistoryQuery(projects: ["project3"], from: Self.end - week, to: Self.end,
                                                    limit: 2000)),
            ("everyone, last day (admin)", HistoryQuery(from: Self.end - day, to: Self.end, limit: 2000)),
            ("one job by id", HistoryQuery(selectors: [.job(JobID(UInt64(finished / 2)))], limit: 2000)),
        ]
        var table = ReportTable("history: `aisubmit history` queries over \(Format.grouped(finished + live)) jobs (SQL, first page)",
                                columns: ["query", "ms", "jobs", "runs"])
        for (name, query) in queries {
            var times = Samples()
            var count = 0
            for _ in 1...max(runs, 5) {
                let (page, ms) = try Stopwatch.measure { try store.history(query) }
                times.add(ms)
                count = page.jobs.count
            }
            table.add([name, times.summary(Format.ms), Format.grouped(count), String(times.count)])
        }
        return table
    }
}

extension Span {
    static func / (lhs: Span, rhs: Int64) -> Span { Span(milliseconds: lhs.milliseconds / rhs) }
}

extension Instant {
    static func - (lhs: Instant, rhs: Span) -> Instant { Instant(milliseconds: lhs.milliseconds - rhs.milliseconds) }
}
