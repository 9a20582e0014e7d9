import AischedClient
import ArgumentParser
import SchedulerCore
import SchedulerProtocol
import Synchronization

/// `schedbench rpc-submit`: submissions to a real schedd over loopback, acknowledged after their commit.
struct RPCSubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rpc-submit",
        abstract: "Submit held jobs to a real schedd: one connection in sequence, then many connections in parallel.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var binaries: BinaryOptions

    @Option(help: "Jobs submitted per run.")
    var jobs: Int = RPCSubmitBenchmark.defaultJobs

    @Option(help: "Connections of the parallel case.")
    var connections: Int = 8

    @Option(help: "Requests in flight per connection in the parallel case.")
    var inFlight: Int = 16

    @Option(help: "No further runs of a case once its runs have taken this long (at least one is made).")
    var budgetSeconds: Double = 60

    func run() async throws {
        let binDir = try ScheddProcess.binDir(binaries.binDir)
        print(MachineInfo.describe() + "\n")
        var bench = common.quick ? RPCSubmitBenchmark.quick
            : RPCSubmitBenchmark(jobs: jobs, connections: connections, inFlight: inFlight)
        bench.runs = common.effectiveRuns
        bench.budgetSeconds = budgetSeconds
        bench.binDir = binDir
        try await bench.run().print()
    }
}

struct RPCSubmitBenchmark {
    static let defaultJobs = 5000
    static var quick: RPCSubmitBenchmark { RPCSubmitBenchmark(jobs: 300, connections: 4, inFlight: 4, runs: 2) }

    var jobs = defaultJobs
    var connections = 8
    var inFlight = 16
    var runs = 5
    var budgetSeconds = 60.0
    var binDir = ""

    struct Figures {
        var submitsPerSecond = Samples()
        var p50 = Samples()
        var p99 = Samples()
        var firstTenthP50 = Samples()
        var lastTenthP50 = Samples()
        var scheddPeakKiB = Samples()
    }

    func run() async throws -> ReportTable {
        var table = ReportTable(
            "rpc-submit: \(Format.grouped(jobs)) held jobs to schedd on 127.0.0.1, acknowledged = committed (fresh schedd per run)",
            columns: ["clients", "submits/s", "latency p50 ms", "latency p99 ms", "p50, first 10 % of jobs",
                      "p50, last 10 %", "schedd peak RSS MiB", "runs"])
        for (label, conns, depth) in [("1 connection, sequential", 1, 1),
                                      ("\(connections) connections × \(inFlight) in flight", connections, inFlight)] {
            var figures = Figures()
            let clock = ContinuousClock()
            let start = clock.now
            for run in 1...runs {
                progress("rpc-submit: \(label), run \(run)/\(runs)")
                try await runOnce(connections: conns, inFlight: depth, into: &figures)
                if Stopwatch.milliseconds(start.duration(to: clock.now)) > budgetSeconds * 1000, run < runs {
                    progress("rpc-submit: no more runs of this case (over the \(Int(budgetSeconds)) s budget)")
                    break
                }
            }
            table.add([label, figures.submitsPerSecond.summary(Format.count), figures.p50.summary(Format.ms),
                       figures.p99.summary(Format.ms), figures.firstTenthP50.summary(Format.ms),
                       figures.lastTenthP50.summary(Format.ms), figures.scheddPeakKiB.summary { Format.mib(fromKiB: $0) },
                       String(figures.submitsPerSecond.count)])
        }
        return table
    }

    private func runOnce(connections: Int, inFlight: Int, into figures: inout Figures) async throws {
        let dir = try TempDirectory("rpc")
        defer { dir.remove() }
        let stateDir = dir.path + "/state"
        let token = try ScheddProcess.issueToken(binDir: binDir, stateDir: stateDir, user: "bench")
        let schedd = try ScheddProcess.start(binDir: binDir, stateDir: stateDir)
        defer { schedd.stop() }
        var clients: [RPCConnection] = []
        for _ in 0..<connections {
            clients.append(try await RPCConnection.connect(host: schedd.host, port: schedd.port, token: token,
                                                           clientName: "schedbench"))
        }
        let submissions = JobMix(scriptBytes: 600, hold: true).specs(count: jobs).map(Self.submission)
        let (latencies, totalMs) = try await Stopwatch.measure {
            try await Self.submitAll(submissions, over: clients, inFlight: inFlight)
        }
        for client in clients { await client.close() }
        guard latencies.count == jobs else { throw BenchError("only \(latencies.count) of \(jobs) submits answered") }
        let all = Samples(latencies)
        let tenth = max(1, jobs / 10)
        figures.submitsPerSecond.add(Double(jobs) / (totalMs / 1000))
        figures.p50.add(all.median)
        figures.p99.add(all.percentile(99))
        figures.firstTenthP50.add(Samples(Array(latencies.prefix(tenth))).median)
        figures.lastTenthP50.add(Samples(Array(latencies.suffix(tenth))).median)
        if let memory = schedd.memory { figures.scheddPeakKiB.add(memory.peakKiB) }
    }

    /// `inFlight` workers per connection take the next submission until none is left. Returns the round-trip
    /// time of every request, in submission order.
    static func submitAll(_ submissions: [JobSubmission], over clients: [RPCConnection],
                          inFlight: Int) async throws -> [Double] {
        let next = Ticket()
        return try await withThrowingTaskGroup(of: [(Int, Double)].self) { group in
            for client in clients {
                for _ in 0..<inFlight {
                    group.addTask {
                        var latencies: [(Int, Double)] = []
                        while let index = next.take(below: submissions.count) {
                            let (reply, ms) = try await Stopwatch.measure {
                                try await client.request(.submitJob, submissions[index], expecting: .submitJobReply,
                                                         as: SubmitJobReply.self)
                            }
                            guard reply.jobID > 0 else { throw BenchError("schedd returned job id 0") }
                            latencies.append((index, ms))
                        }
                        return latencies
                    }
                }
            }
            var all = Array(repeating: Double.nan, count: submissions.count)
            for try await latencies in group {
                for (index, ms) in latencies { all[index] = ms }
            }
            return all.filter { !$0.isNaN }
        }
    }

    /// The wire form of a spec (what `aisubmit` sends).
    static func submission(_ spec: JobSpec) -> JobSubmission {
        var s = JobSubmission()
        s.name = spec.name
        s.workdir = spec.workdir
        s.argv = spec.argv
        s.script = spec.script ?? ""
        s.environment = spec.environment
        s.hold = spec.hold
        s.nodes = UInt32(spec.request.nodes)
        s.cpusPerNode = UInt32(spec.request.cpusPerNode)
        s.gpusPerNode = UInt32(spec.request.gpusPerNode)
        s.exclusive = spec.request.exclusive
        return s
    }
}

/// A shared counter handing out indices to concurrent workers.
final class Ticket: Sendable {
    private let next = Atomic<Int>(0)

    func take(below limit: Int) -> Int? {
        let index = next.add(1, ordering: .relaxed).oldValue
        return index < limit ? index : nil
    }
}
