import ArgumentParser
import SchedulerCore
import SchedulerStore

/// `schedbench store-commit`: durable commits of job submissions, one per transaction vs group commit.
struct StoreCommitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store-commit",
        abstract: "Commit job submissions to a StateStore on a temporary file, 1 per transaction or in batches.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Job submissions committed per run.")
    var jobs: Int = StoreCommitBenchmark.defaultJobs

    @Option(parsing: .upToNextOption, help: "Submissions per transaction.")
    var batch: [Int] = StoreCommitBenchmark.defaultBatches

    func run() async throws {
        print(MachineInfo.describe() + "\n")
        var bench = common.quick ? StoreCommitBenchmark.quick : StoreCommitBenchmark(jobs: jobs, batches: batch)
        bench.runs = common.effectiveRuns
        try await bench.run().print()
    }
}

struct StoreCommitBenchmark {
    static let defaultJobs = 10_000
    static let defaultBatches = [1, 100, 1000]
    static var quick: StoreCommitBenchmark { StoreCommitBenchmark(jobs: 1000, batches: [1, 100], runs: 2) }

    var jobs = defaultJobs
    var batches = defaultBatches
    var runs = 5

    struct Figures {
        var jobsPerSecond = Samples()
        var rowsPerSecond = Samples()
        var commitsPerSecond = Samples()
        var commitP50 = Samples()
        var commitP99 = Samples()
    }

    func run() async throws -> ReportTable {
        var table = ReportTable(
            "store-commit: \(Format.grouped(jobs)) submissions into StateStore (WAL, synchronous=FULL) on \(TempDirectoryInfo.describe())",
            columns: ["submissions per commit", "commits", "submissions/s", "rows/s", "commits/s",
                      "commit p50 ms", "commit p99 ms", "runs"])
        let perJob = Self.submissionTransitions(jobs)
        for size in batches {
            let commits = Self.batches(perJob, size: size)
            var figures = Figures()
            for run in 1...runs {
                progress("store-commit: \(size) per commit, run \(run)/\(runs)")
                try await runOnce(commits, into: &figures)
            }
            table.add([Format.grouped(size), Format.grouped(commits.count), figures.jobsPerSecond.summary(Format.count),
                       figures.rowsPerSecond.summary(Format.count), figures.commitsPerSecond.summary(Format.count),
                       figures.commitP50.summary(Format.ms), figures.commitP99.summary(Format.ms), String(runs)])
        }
        return table
    }

    private func runOnce(_ commits: [[Transition]], into figures: inout Figures) async throws {
        let dir = try TempDirectory("store")
        defer { dir.remove() }
        let store = try StateStore(path: dir.path + "/aisched.db")
        var latencies = Samples()
        let (_, totalMs) = try await Stopwatch.measure {
            for transitions in commits {
                let (_, ms) = try await Stopwatch.measure { try await store.commit(transitions) }
                latencies.add(ms)
            }
        }
        let seconds = totalMs / 1000
        let rows = commits.reduce(0) { $0 + $1.count }
        figures.jobsPerSecond.add(Double(jobs) / seconds)
        figures.rowsPerSecond.add(Double(rows) / seconds)
        figures.commitsPerSecond.add(Double(commits.count) / seconds)
        figures.commitP50.add(latencies.median)
        figures.commitP99.add(latencies.percentile(99))
    }

    /// The transitions of `count` submissions, as the core emits them, grouped per job (a job row and a history
    /// row each). No nodes are registered, so no cycle adds anything.
    static func submissionTransitions(_ count: Int) -> [[Transition]] {
        var scheduler = Scheduler(settings: SyntheticCentre.settings)
        let effects = scheduler.handle(JobMix(scriptBytes: 600).submissions(count: count), at: Instant(milliseconds: 1_000_000))
        var groups: [[Transition]] = []
        for transition in effects.transitions {
            if case .jobChanged = transition { groups.append([]) }
            if groups.isEmpty { groups.append([]) }
            groups[groups.count - 1].append(transition)
        }
        precondition(groups.count == count, "expected one group of transitions per submission")
        return groups
    }

    static func batches(_ perJob: [[Transition]], size: Int) -> [[Transition]] {
        stride(from: 0, to: perJob.count, by: size).map { start in
            perJob[start..<min(start + size, perJob.count)].flatMap { $0 }
        }
    }
}
