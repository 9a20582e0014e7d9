import AischedClient
import ArgumentParser
import Foundation
import NIOPosix
import SchedulerCore
import SchedulerProtocol
import Synchronization

/// `schedbench rpc-submit`: submissions to a real schedd over loopback, acknowledged after their commit.
///
/// One schedd per run takes the queue from empty to the deepest `--depths`: at each depth a probe of sequential
/// submits over one connection measures latency (does a submit cost O(batch) or O(queue)?), and the jobs between
/// depths go in over `--connections` connections with `--in-flight` requests each (the parallel throughput).
struct RPCSubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rpc-submit",
        abstract: "Submit held jobs to a real schedd: sequential latency at several queue depths, and parallel throughput.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var binaries: BinaryOptions

    @Option(help: "Queue depths (held jobs already queued) at which sequential latency is probed, comma-separated.")
    var depths: String = "0,10000,50000,100000"

    @Option(help: "Sequential submits measured at each depth.")
    var probe: Int = 1000

    @Option(help: "Connections of the parallel fill between depths.")
    var connections: Int = 64

    @Option(help: "Requests in flight per connection in the parallel fill.")
    var inFlight: Int = 4

    @Option(help: "No further runs once the runs have taken this long (at least one is made).")
    var budgetSeconds: Double = 300

    func run() async throws {
        let binDir = try ScheddProcess.binDir(binaries.binDir)
        print(MachineInfo.describe() + "\n")
        let parsed = depths.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parsed.isEmpty, parsed == parsed.sorted(), parsed.allSatisfy({ $0 >= 0 }) else {
            throw ValidationError("--depths takes increasing numbers of jobs, e.g. 0,10000,100000")
        }
        var bench = common.quick ? RPCSubmitBenchmark.quick
            : RPCSubmitBenchmark(depths: parsed, probe: probe, connections: connections, inFlight: inFlight)
        bench.runs = common.quick ? 2 : common.effectiveRuns
        bench.budgetSeconds = budgetSeconds
        bench.binDir = binDir
        for table in try await bench.run() { table.print() }
    }
}

struct RPCSubmitBenchmark {
    static var quick: RPCSubmitBenchmark { RPCSubmitBenchmark(depths: [0, 1000], probe: 100, connections: 8, inFlight: 4) }

    var depths = [0, 10_000, 50_000, 100_000]
    var probe = 1000
    var connections = 64
    var inFlight = 4
    var runs = 3
    var budgetSeconds = 300.0
    var binDir = ""

    struct Figures {
        var probeP50: [Int: Samples] = [:]
        var probeP99: [Int: Samples] = [:]
        var parallelRate = Samples()
        var parallelP50 = Samples()
        var parallelP99 = Samples()
        var scheddPeakKiB = Samples()
    }

    func run() async throws -> [ReportTable] {
        var figures = Figures()
        let clock = ContinuousClock()
        let start = clock.now
        for run in 1...runs {
            progress("rpc-submit: run \(run)/\(runs)")
            try await runOnce(into: &figures)
            if Stopwatch.milliseconds(start.duration(to: clock.now)) > budgetSeconds * 1000, run < runs {
                progress("rpc-submit: no more runs (over the \(Int(budgetSeconds)) s budget)")
                break
            }
        }
        var latency = ReportTable(
            "rpc-submit, sequential: \(Format.grouped(probe)) held jobs over 1 connection at each queue depth, "
                + "acknowledged = committed",
            columns: ["held jobs queued", "latency p50 ms", "latency p99 ms", "runs"])
        for depth in depths {
            let p50 = figures.probeP50[depth] ?? Samples()
            latency.add([Format.grouped(depth), p50.summary(Format.ms),
                         (figures.probeP99[depth] ?? Samples()).summary(Format.ms), String(p50.count)])
        }
        var parallel = ReportTable(
            "rpc-submit, parallel: \(connections) connections × \(inFlight) in flight filling the queue to "
                + "\(Format.grouped(depths.last ?? 0)) held jobs",
            columns: ["submits/s", "latency p50 ms", "latency p99 ms", "schedd peak RSS MiB", "runs"])
        parallel.add([figures.parallelRate.summary(Format.count), figures.parallelP50.summary(Format.ms),
                      figures.parallelP99.summary(Format.ms),
                      figures.scheddPeakKiB.summary { Format.mib(fromKiB: $0) }, String(figures.parallelRate.count)])
        return [latency, parallel]
    }

    private func runOnce(into figures: inout Figures) async throws {
        let dir = try TempDirectory("rpc")
        defer { dir.remove() }
        let stateDir = dir.path + "/state"
        // The default cap (10,000 waiting jobs per user, like Slurm's MaxJobCount) would stop the deep queue.
        let config = dir.path + "/schedd.json"
        try #"{"maxPendingJobsPerUser": 10000000}"#.write(toFile: config, atomically: true, encoding: .utf8)
        let token = try ScheddProcess.issueToken(binDir: binDir, stateDir: stateDir, user: "bench")
        let schedd = try ScheddProcess.start(binDir: binDir, stateDir: stateDir, arguments: ["--config", config])
        defer { schedd.stop() }
        var clients: [RPCConnection] = []
        for _ in 0..<max(1, connections) {
            // A thread per core: the client's one-thread loop would make this process the bottleneck.
            clients.append(try await RPCConnection.connect(host: schedd.host, port: schedd.port, token: token,
                                                           clientName: "schedbench",
                                                           group: MultiThreadedEventLoopGroup.singleton))
        }
        defer { for client in clients { Task { await client.close() } } }
        var queued = 0
        var fillMs = 0.0
        var fillLatencies: [Double] = []
        for depth in depths {
            if depth > queued {
                let batch = Self.submissions(count: depth - queued, from: queued)
                let (latencies, ms) = try await Stopwatch.measure {
                    try await Self.submitAll(batch, over: clients, inFlight: inFlight)
                }
                guard latencies.count == batch.count else { throw BenchError("only \(latencies.count) of \(batch.count) submits answered") }
                fillLatencies += latencies
                fillMs += ms
                queued = depth
            }
            let probeBatch = Self.submissions(count: probe, from: queued)
            let latencies = try await Self.submitAll(probeBatch, over: [clients[0]], inFlight: 1)
            queued += probe
            let samples = Samples(latencies)
            figures.probeP50[depth, default: Samples()].add(samples.median)
            figures.probeP99[depth, default: Samples()].add(samples.percentile(99))
        }
        if !fillLatencies.isEmpty {
            let samples = Samples(fillLatencies)
            figures.parallelRate.add(Double(fillLatencies.count) / (fillMs / 1000))
            figures.parallelP50.add(samples.median)
            figures.parallelP99.add(samples.percentile(99))
        }
        if let memory = schedd.memory { figures.scheddPeakKiB.add(memory.peakKiB) }
    }

    private static func submissions(count: Int, from first: Int) -> [JobSubmission] {
        JobMix(scriptBytes: 600, hold: true).specs(count: count, firstIndex: first).map(submission)
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
