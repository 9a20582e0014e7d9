import ArgumentParser
import Foundation
import SchedulerCore
import Simulation

/// `schedd simulate`: replays a workload trace through the production scheduling core on a virtual clock
/// (docs/SIMULATION.md). No sockets, no processes, no state directory.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Replay a workload trace through the scheduler and report what it would do.")

    @Option(help: "The trace file (.gz is gunzipped).") var trace: String
    @Option(help: "alibaba-gpu-2023, philly, swf or csv.") var format: String
    @Option(help: "Cluster: a JSON cluster file, or an Alibaba node list CSV (.csv[.gz]).") var cluster: String
    @Option(help: "fifo, fifo-backfill, fairshare (production) or all.") var policy = "fairshare"
    @Flag(help: "Run every policy side by side (= --policy all).") var compare = false
    @Option(help: "schedd configuration JSON (accounting, priority weights, backfill).") var config: String?
    @Option(help: "Team → project mapping JSON (default: one project per trace team, equal shares).") var map: String?
    @Flag(help: "Replay each project alone on its own nodes (the groups its map entry's gpuModel names), as Helios does.")
    var isolate = false
    @Option(help: "Seed for everything drawn at random (Philly run times).") var seed: UInt64 = 0
    @Option(help: "Philly run-time distribution (default: philly_runtime.csv.gz beside the trace).") var runtimes: String?
    @Flag(help: "Skip malformed trace lines (counted and reported) instead of stopping at the first.") var skipBadLines = false
    @Option(help: "Replay the trace N times back to back (load tests).") var `repeat` = 1
    @Option(help: "Re-time arrivals to X times the trace's rate (durations unchanged).") var load = 1.0
    @Option(help: "Walltime of a job the trace gives none: duration × this.") var walltimeFactor = 1.0
    @Option(help: "Utilisation window: steady (p10–p90 of submits) or whole.") var window = "steady"
    @Option(help: "SWF: processors per node (default: the header's MaxProcs / MaxNodes, else 1).") var swfProcessorsPerNode: Int?
    @Option(help: "SWF: tenant label, group or user.") var swfTenant = "group"
    @Option(help: "Charge running jobs every N seconds (default: the config's interval).") var accountingSeconds: Int?
    @Option(help: "Reservation depth of backfill (default: the config's).") var backfillDepth: Int?
    @Option(help: "Widest job the core accepts, in nodes (default: schedd's 1024; a trace of a bigger machine may need more).")
    var maxNodesPerJob: Int?
    @Flag(help: "No progress line on stderr while replaying.") var quiet = false
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Flag(help: "Print the table as Markdown.") var markdown = false
    @Option(help: "Write per-minute utilisation and queue length (CSV).") var timeseries: String?
    @Option(help: "Write a plot of the time series (SVG).") var plot: String?

    func run() throws {
        let policies = try chosenPolicies()
        let (jobs, epoch) = try readTrace()
        let simulation: Simulation
        do {
            simulation = try Simulation(jobs: jobs, map: SimulationFiles.teamMap(map),
                                        cluster: SimulationFiles.cluster(cluster), settings: settings(),
                                        options: Replay.Options(walltimeFactor: walltimeFactor))
        } catch let error as TraceError {
            throw SimulationError(error.description)
        }
        guard let window = UtilisationWindow(rawValue: window) else {
            throw ValidationError("--window must be steady or whole")
        }
        var runs: [SimulationMetrics] = []
        for policy in policies {
            let clock = ContinuousClock()
            let started = clock.now
            let line = quiet ? nil : ProgressLine(label: policy.rawValue, terminal: ProgressLine.stderrIsTerminal, epoch: epoch)
            let result = try isolate ? isolated(simulation, policy, line)
                : simulation.replay(policy) { line?.report($0) }
            let elapsed = clock.now - started
            FileHandle.standardError.write(Data("\(policy.rawValue): replayed \(result.outcomes.count) jobs on \(simulation.cluster.nodeCount) nodes in \(elapsed) (\(result.handleCalls) core calls)\n".utf8))
            runs.append(SimulationMetrics(result, window: window))
            try writeSeries(result, policy: policy, several: policies.count > 1)
        }
        print(json ? MetricsJSON.render(runs, context: context) : MetricsTable.render(runs, markdown: markdown), terminator: "")
    }

    private func isolated(_ simulation: Simulation, _ policy: SimulationPolicy, _ line: ProgressLine?) throws -> ReplayResult {
        do {
            return try simulation.replayIsolated(policy) { line?.report($0) }
        } catch {
            throw SimulationError(error.description)
        }
    }

    private func chosenPolicies() throws -> [SimulationPolicy] {
        if compare || policy == "all" { return SimulationPolicy.allCases }
        guard let one = SimulationPolicy(rawValue: policy) else {
            throw ValidationError("unknown policy \(policy): fifo, fifo-backfill, fairshare or all")
        }
        return [one]
    }

    /// The trace's jobs, and the Unix time of its clock's zero when the trace says (SWF `UnixStartTime`).
    private func readTrace() throws -> (jobs: [TraceJob], epoch: Int?) {
        guard let format = TraceFormat(rawValue: format) else {
            throw ValidationError("unknown format \(format): \(TraceFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let text = try SimulationFiles.text(trace)
        let header = format == .swf ? SWFHeader(text) : nil
        let result: TraceReadResult
        do {
            result = try reader(for: format, header: header).read(text)
        } catch let error as TraceError {
            throw SimulationError("\(trace): \(error)" + (skipBadLines ? "" : " (--skip-bad-lines replays the rest)"))
        }
        report(result)
        guard load > 0 else { throw ValidationError("--load must be > 0") }
        return (TraceRepetition.repeated(TraceRetiming.scaled(result.jobs, load: load), times: `repeat`), header?.unixStartTime)
    }

    private func reader(for format: TraceFormat, header: SWFHeader?) throws -> any TraceReader {
        switch format {
        case .csv: return CSVTraceReader(skipBadLines: skipBadLines)
        case .alibaba2023: return AlibabaGPU2023Reader(skipBadLines: skipBadLines)
        case .swf:
            guard let tenant = SWFReader.Tenant(rawValue: swfTenant) else { throw ValidationError("--swf-tenant must be group or user") }
            return SWFReader(processorsPerNode: try swfProcessorsPerNode(header), tenant: tenant, skipBadLines: skipBadLines)
        case .philly:
            let path = runtimes ?? URL(fileURLWithPath: trace).deletingLastPathComponent()
                .appendingPathComponent("philly_runtime.csv.gz").path
            do {
                let distribution = try PhillyRuntimeDistribution.parse(SimulationFiles.text(path))
                return PhillyReader(runtimes: distribution, seed: seed, skipBadLines: skipBadLines)
            } catch let error as TraceError {
                throw SimulationError("\(path): \(error)")
            }
        }
    }

    /// The option, else the log's own machine (`MaxProcs / MaxNodes` in its header), else one processor per node. A
    /// derived value is said on stderr, because it decides how many nodes every job asks for.
    private func swfProcessorsPerNode(_ header: SWFHeader?) throws -> Int {
        if let swfProcessorsPerNode {
            guard swfProcessorsPerNode >= 1 else { throw ValidationError("--swf-processors-per-node must be at least 1") }
            return swfProcessorsPerNode
        }
        guard let header, let perNode = header.processorsPerNode, let nodes = header.maxNodes else { return 1 }
        if perNode > 1 {
            FileHandle.standardError.write(Data("\(trace): \(perNode) processors per node, from the header (MaxProcs \(nodes * perNode) / MaxNodes \(nodes)); --swf-processors-per-node overrides it\n".utf8))
        }
        return perNode
    }

    private func report(_ result: TraceReadResult) {
        var lines: [String] = []
        if !result.skipped.isEmpty {
            lines.append("skipped \(result.skipped.count) bad lines (first: \(result.skipped[0]))")
        }
        for (reason, count) in result.excluded.sorted(by: { $0.key < $1.key }) {
            lines.append("excluded \(count) lines: \(reason)")
        }
        for line in lines { FileHandle.standardError.write(Data("\(trace): \(line)\n".utf8)) }
    }

    private func settings() throws -> SchedulerSettings {
        var settings = try ScheddConfig.load(config).settings
        if let accountingSeconds { settings.accounting.accountingInterval = .seconds(Int64(max(1, accountingSeconds))) }
        if let backfillDepth { settings.backfill.reservationDepth = max(1, backfillDepth) }
        if let maxNodesPerJob {
            guard maxNodesPerJob >= 1 else { throw ValidationError("--max-nodes-per-job must be at least 1") }
            settings.maxNodesPerJob = maxNodesPerJob
        }
        return settings
    }

    private var context: [(String, String)] {
        [("trace", URL(fileURLWithPath: trace).lastPathComponent), ("format", format),
         ("cluster", URL(fileURLWithPath: cluster).lastPathComponent), ("seed", String(seed)),
         ("repeat", String(`repeat`)), ("load", String(load))]
    }

    private func writeSeries(_ result: ReplayResult, policy: SimulationPolicy, several: Bool) throws {
        guard timeseries != nil || plot != nil else { return }
        let series = TimeSeries(result)
        if let timeseries {
            try SimulationFiles.write(TimeSeriesCSV.render(series), to: SimulationFiles.path(timeseries, for: policy, several: several))
        }
        if let plot {
            let title = "\(URL(fileURLWithPath: trace).lastPathComponent) — \(policy.rawValue)"
            try SimulationFiles.write(TimeSeriesSVG.render(series, title: title), to: SimulationFiles.path(plot, for: policy, several: several))
        }
    }
}
