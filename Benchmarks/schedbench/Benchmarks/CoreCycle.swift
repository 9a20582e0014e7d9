import ArgumentParser
import SchedulerCore

/// `schedbench core-cycle`: the pure scheduler's cycle time on a synthetic centre.
struct CoreCycleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "core-cycle",
        abstract: "Time Scheduler.handle: a batch of submissions to an empty centre, then single-event cycles.")

    @OptionGroup var common: CommonOptions

    @Option(parsing: .upToNextOption, help: "Node counts (8 GPUs, 112 CPUs, 2 TB each).")
    var nodes: [Int] = CoreCycleBenchmark.defaultNodes

    @Option(parsing: .upToNextOption, help: "Jobs submitted in the batch; most of them stay pending.")
    var pending: [Int] = CoreCycleBenchmark.defaultPending

    @Option(help: "Job-end cycles, and single submissions, timed per steady-state run.")
    var exits: Int = 5

    @Option(help: "No further cold-start runs once they have taken this long (at least one is made).")
    var budgetSeconds: Double = 60

    func run() async throws {
        print(MachineInfo.describe() + "\n")
        var bench = common.quick ? CoreCycleBenchmark.quick : CoreCycleBenchmark(nodes: nodes, pending: pending)
        bench.runs = common.effectiveRuns
        bench.exits = exits
        bench.budgetSeconds = budgetSeconds
        for table in bench.run() { table.print() }
    }
}

struct CoreCycleBenchmark {
    static let defaultNodes = [250, 2000]
    static let defaultPending = [50_000]
    static var quick: CoreCycleBenchmark { CoreCycleBenchmark(nodes: [50], pending: [2000], runs: 2) }

    var nodes = defaultNodes
    var pending = defaultPending
    var runs = 5
    var exits = 5
    var budgetSeconds = 60.0

    /// One configuration's figures, pooled over its runs.
    struct Figures {
        var coldStart = Samples()
        var started = 0
        var stillPending = 0
        var fullCycle = Samples()
        var exitCycle = Samples()
        var submitCycle = Samples()
        var reservations = 0
        var steadyRuns = 0
        var peakKiB = Double.nan
    }

    func run() -> [ReportTable] {
        var cold = ReportTable("core-cycle, cold start: the whole batch submitted to an empty centre in one Scheduler.handle (ms)",
                               columns: ["nodes", "jobs", "started", "submit + schedule", "runs"])
        var steady = ReportTable(
            "core-cycle, steady state: the centre as the cold start left it, one event per Scheduler.handle (ms)",
            columns: ["nodes", "pending", "full cycle (timer tick)", "after 1 job ends (incremental)",
                      "after 1 submit (incremental)", "reservations", "peak RSS MiB", "runs"])
        for nodeCount in nodes {
            for pendingCount in pending {
                let f = measure(nodes: nodeCount, pending: pendingCount)
                cold.add([Format.grouped(nodeCount), Format.grouped(pendingCount), Format.grouped(f.started),
                          f.coldStart.summary(Format.ms), String(f.coldStart.count)])
                steady.add([Format.grouped(nodeCount), Format.grouped(f.stillPending), f.fullCycle.summary(Format.ms),
                            f.exitCycle.summary(Format.ms), f.submitCycle.summary(Format.ms),
                            Format.grouped(f.reservations), Format.mib(fromKiB: f.peakKiB), String(f.steadyRuns)])
            }
        }
        return [cold, steady]
    }

    func measure(nodes: Int, pending: Int) -> Figures {
        var figures = Figures()
        ProcessMemory.resetPeak()
        let batch = JobMix().submissions(count: pending)
        let base = coldStarts(nodes: nodes, batch: batch, into: &figures)
        figures.stillPending = base.state.pendingIDs.count
        let victims = Self.runningJobs(base.state, limit: 1 + exits)
        for run in 1...runs {
            progress("core-cycle: \(nodes) nodes, \(pending) jobs, steady state \(run)/\(runs)")
            steadyState(from: base, victims: victims, firstIndex: pending, into: &figures)
            figures.steadyRuns += 1
        }
        figures.peakKiB = ProcessMemory.read()?.peakKiB ?? .nan
        return figures
    }

    /// Times the batch on fresh centres until `runs` are done or the budget is spent; returns the first
    /// run's scheduler (every run ends in the same state: the core is deterministic).
    private func coldStarts(nodes: Int, batch: [Event], into figures: inout Figures) -> Scheduler {
        let clock = ContinuousClock()
        let start = clock.now
        var first: Scheduler?
        for run in 1...runs {
            progress("core-cycle: \(nodes) nodes, \(batch.count) jobs, cold start \(run)/\(runs)")
            var scheduler = SyntheticCentre.scheduler(nodes: nodes, at: Self.start)
            let (effects, ms) = Stopwatch.measure { scheduler.handle(batch, at: Self.start + Span(milliseconds: 1000)) }
            figures.coldStart.add(ms)
            figures.started = Set(effects.outbound.compactMap { if case .launch(let id, _) = $0 { id } else { nil } }).count
            if first == nil { first = scheduler }
            if Stopwatch.milliseconds(start.duration(to: clock.now)) > budgetSeconds * 1000, run < runs {
                progress("core-cycle: no more cold starts (over the \(Int(budgetSeconds)) s budget)")
                break
            }
        }
        return first!
    }

    /// One steady-state run on a private copy of `base`. An untimed warm-up (one exit, one submit) makes the
    /// copy unique first, so the timed calls do not pay for copying the state.
    private func steadyState(from base: Scheduler, victims: [[Event]], firstIndex: Int,
                             into figures: inout Figures) {
        var scheduler = base
        var now = Self.start + Span(milliseconds: 2000)
        var victims = victims[...]
        func tick() -> Instant { now = now + Span(milliseconds: 1); return now }

        if let exit = victims.popFirst() { blackHole(scheduler.handle(exit, at: tick())) }
        blackHole(scheduler.handle(JobMix().submissions(count: 1, firstIndex: firstIndex), at: tick()))

        // A tick once the full-cycle interval has passed: every pending job re-ranked and re-walked, the
        // reservations re-planned (and running jobs charged: the accounting tick is due as well).
        now = now + scheduler.settings.fullCycleInterval
        figures.fullCycle.add(Stopwatch.measure { scheduler.handle([.timerFired], at: tick()) }.1)
        figures.reservations = scheduler.plan.reservations.count
        for _ in 0..<exits {
            guard let exit = victims.popFirst() else { break }
            figures.exitCycle.add(Stopwatch.measure { scheduler.handle(exit, at: tick()) }.1)
        }
        for index in 0..<max(1, exits) {
            let one = JobMix().submissions(count: 1, firstIndex: firstIndex + 1 + index)
            figures.submitCycle.add(Stopwatch.measure { scheduler.handle(one, at: tick()) }.1)
        }
    }

    static let start = Instant(milliseconds: 1_000_000)

    /// The end of each of the first running jobs (by id): an exit report from every node it runs on, as its
    /// agents send them (one `handle` call per job).
    static func runningJobs(_ state: ClusterState, limit: Int) -> [[Event]] {
        state.jobs.values
            .filter { $0.state == .running }
            .sorted { $0.id < $1.id }
            .prefix(limit)
            .map { job in job.activeNodes.map { .jobExited(job.id, node: $0, ExitReport(exitCode: 0), request: nil) } }
    }
}
