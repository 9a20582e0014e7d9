import AischedClient
import ArgumentParser
import Foundation
import SchedulerCore
import SchedulerProtocol
import SchedulerStore

/// `schedbench memory`: resident memory of a Scheduler, and of schedd, holding many jobs.
struct MemoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory",
        abstract: "RSS of a Scheduler holding many jobs (each measured in a fresh process), and of schedd after loading them.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var binaries: BinaryOptions

    @Option(help: "Jobs the scheduler holds.")
    var jobs: Int = MemoryBenchmark.defaultJobs

    @Option(help: "Nodes of the centre the jobs run on.")
    var nodes: Int = 250

    @Option(help: "Bytes of the batch script half of the jobs carry.")
    var scriptBytes: Int = 600

    func run() async throws {
        let binDir = try ScheddProcess.binDir(binaries.binDir)
        print(MachineInfo.describe() + "\n")
        var bench = common.quick ? MemoryBenchmark.quick : MemoryBenchmark(jobs: jobs, nodes: nodes, scriptBytes: scriptBytes)
        bench.runs = common.effectiveRuns
        bench.binDir = binDir
        try await bench.run().print()
    }
}

struct MemoryBenchmark {
    static let defaultJobs = 100_000
    static var quick: MemoryBenchmark { MemoryBenchmark(jobs: 5000, nodes: 50, scriptBytes: 600, runs: 2) }

    var jobs = defaultJobs
    var nodes = 250
    var scriptBytes = 600
    var runs = 5
    var binDir = ""

    func run() async throws -> ReportTable {
        var table = ReportTable(
            "memory: \(Format.grouped(jobs)) jobs on \(Format.grouped(nodes)) nodes, half with a \(scriptBytes)-byte batch script",
            columns: ["what", "RSS MiB", "peak RSS MiB", "KiB per job (RSS − baseline)", "schedd start ms", "runs"])
        for kind in MemoryWorkload.Kind.allCases {
            table.add(try probeRow(kind))
        }
        for row in try await scheddRows() { table.add(row) }
        return table
    }

    /// Runs `schedbench memory-probe` in a fresh process per run, so nothing else in this process counts.
    private func probeRow(_ kind: MemoryWorkload.Kind) throws -> [String] {
        var rss = Samples(), peak = Samples(), perJob = Samples()
        for run in 1...runs {
            progress("memory: Scheduler with \(jobs) \(kind.rawValue) jobs, run \(run)/\(runs)")
            let result = try MemoryProbeCommand.spawn(kind: kind, jobs: jobs, nodes: nodes, scriptBytes: scriptBytes)
            rss.add(result.rssKiB)
            peak.add(result.peakKiB)
            perJob.add((result.rssKiB - result.baselineKiB) / Double(jobs))
        }
        let what = kind == .held ? "Scheduler: jobs PENDING (held)" : "Scheduler: jobs run to COMPLETED"
        return [what, rss.summary { Format.mib(fromKiB: $0) }, peak.summary { Format.mib(fromKiB: $0) },
                perJob.summary { Format.fixed($0, 2) }, "", String(runs)]
    }

    /// schedd started on a database of completed jobs: its RSS once it listens, and again after one submit
    /// (the first change makes the live state and schedd's last-committed copy diverge). Half a second to settle
    /// before each reading.
    private func scheddRows() async throws -> [[String]] {
        let dir = try TempDirectory("memory")
        defer { dir.remove() }
        let stateDir = dir.path + "/state"
        try writeDatabase(stateDir: stateDir)
        let token = try ScheddProcess.issueToken(binDir: binDir, stateDir: stateDir, user: "bench")
        var loaded = (rss: Samples(), peak: Samples()), submitted = (rss: Samples(), peak: Samples())
        var start = Samples()
        for run in 1...runs {
            progress("memory: schedd loading \(jobs) jobs, run \(run)/\(runs)")
            let schedd = try ScheddProcess.start(binDir: binDir, stateDir: stateDir)
            defer { schedd.stop() }
            start.add(schedd.startMs)
            let afterLoad = try await settledMemory(of: schedd)
            loaded.rss.add(afterLoad.rssKiB)
            loaded.peak.add(afterLoad.peakKiB)
            try await submitOne(to: schedd, token: token)
            let afterSubmit = try await settledMemory(of: schedd)
            submitted.rss.add(afterSubmit.rssKiB)
            submitted.peak.add(afterSubmit.peakKiB)
        }
        let mib = { (kib: Double) in Format.mib(fromKiB: kib) }
        return [
            ["schedd after loading the completed jobs", loaded.rss.summary(mib), loaded.peak.summary(mib), "",
             start.summary(Format.ms), String(runs)],
            ["same schedd after 1 submit", submitted.rss.summary(mib), submitted.peak.summary(mib), "", "",
             String(runs)],
        ]
    }

    private func writeDatabase(stateDir: String) throws {
        try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true)
        progress("memory: writing a database of \(jobs) completed jobs")
        let store = try StateStore(path: stateDir + "/aisched.db")
        _ = try MemoryWorkload(kind: .completed, jobs: jobs, nodes: nodes, scriptBytes: scriptBytes)
            .build { try store.commitNow($0) }
    }

    private func settledMemory(of schedd: ScheddProcess) async throws -> ProcessMemory {
        try await Task.sleep(for: .milliseconds(500))
        guard let memory = schedd.memory else { throw BenchError("cannot read schedd's /proc status") }
        return memory
    }

    private func submitOne(to schedd: ScheddProcess, token: String) async throws {
        let client = try await RPCConnection.connect(host: schedd.host, port: schedd.port, token: token,
                                                     clientName: "schedbench")
        let spec = JobMix(scriptBytes: scriptBytes, hold: true).specs(count: 1, firstIndex: jobs)[0]
        _ = try await client.request(.submitJob, RPCSubmitBenchmark.submission(spec), expecting: .submitJobReply,
                                     as: SubmitJobReply.self)
        await client.close()
    }
}

/// `schedbench memory-probe` (internal): builds one workload in this fresh process and prints its memory.
struct MemoryProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory-probe", abstract: "Internal: one memory measurement in a fresh process.",
        shouldDisplay: false)

    @Option var kind: String
    @Option var jobs: Int
    @Option var nodes: Int
    @Option var scriptBytes: Int

    struct Result {
        var baselineKiB: Double
        var rssKiB: Double
        var peakKiB: Double
    }

    func run() throws {
        guard let kind = MemoryWorkload.Kind(rawValue: kind) else { throw ValidationError("unknown kind \(kind)") }
        let baseline = ProcessMemory.read()?.rssKiB ?? .nan
        let scheduler = MemoryWorkload(kind: kind, jobs: jobs, nodes: nodes, scriptBytes: scriptBytes).build()
        ProcessMemory.trimHeap() // return freed heap (event and effect arrays), so RSS shows what the scheduler holds
        let memory = ProcessMemory.read()
        guard scheduler.state.jobs.count == jobs, let memory else {
            throw ValidationError("probe built \(scheduler.state.jobs.count) jobs, or /proc is unreadable")
        }
        print("baseline=\(baseline) rss=\(memory.rssKiB) peak=\(memory.peakKiB)")
        blackHole(scheduler)
    }

    static func spawn(kind: MemoryWorkload.Kind, jobs: Int, nodes: Int, scriptBytes: Int) throws -> Result {
        let process = Process()
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        process.executableURL = URL(fileURLWithPath: me)
        process.arguments = ["memory-probe", "--kind", kind.rawValue, "--jobs", String(jobs), "--nodes", String(nodes),
                             "--script-bytes", String(scriptBytes)]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var values: [String: Double] = [:]
        for field in text.split(whereSeparator: \.isWhitespace) {
            let pair = field.split(separator: "=")
            if pair.count == 2 { values[String(pair[0])] = Double(pair[1]) }
        }
        guard process.terminationStatus == 0, let baseline = values["baseline"], let rss = values["rss"],
              let peak = values["peak"] else {
            throw BenchError("memory-probe failed (status \(process.terminationStatus)): \(text)")
        }
        return Result(baselineKiB: baseline, rssKiB: rss, peakKiB: peak)
    }
}
