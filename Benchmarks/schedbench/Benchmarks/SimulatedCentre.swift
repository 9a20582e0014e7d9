import AischedClient
import ArgumentParser
import Foundation
import SchedulerProtocol

/// `schedbench simulated-centre`: a release schedd with thousands of simulated nodes (`nodeagent simulate`) over the
/// real protocol: what their heartbeats cost schedd while nothing runs, and how many tiny jobs per second go from
/// released to COMPLETED through launch, `jobStarted` and `jobExited` on those nodes.
struct SimulatedCentreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulated-centre",
        abstract: "schedd's CPU with N simulated nodes heartbeating, and tiny jobs per second end to end on them.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var binaries: BinaryOptions

    @Option(help: "Simulated nodes.")
    var nodes: Int = 2000

    @Option(help: "Topology every simulated node declares.")
    var topology: String = "seeds/topologies/dgx-h100.json"

    @Option(help: "Seconds of each idle CPU window (one per run).")
    var windowSeconds: Double = 20

    @Option(help: "Tiny jobs (`true`, 1 CPU) released at once per run (at most 10,000: the pending cap per user).")
    var jobs: Int = 10_000

    func validate() throws {
        guard nodes >= 1, (1...10_000).contains(jobs), windowSeconds > 0 else {
            throw ValidationError("--nodes ≥ 1, --jobs 1–10000 and --window-seconds > 0 are needed")
        }
    }

    func run() async throws {
        let binDir = try ScheddProcess.binDir(binaries.binDir)
        print(MachineInfo.describe() + "\n")
        let runs = common.effectiveRuns
        let dir = try TempDirectory("simulated")
        defer { dir.remove() }
        let stateDir = dir.path + "/state"
        let adminToken = try ScheddProcess.issueToken(binDir: binDir, stateDir: stateDir, user: "root", role: "admin")
        let userToken = try ScheddProcess.issueToken(binDir: binDir, stateDir: stateDir, user: "bench")
        // The site's setting for this many agents behind one address (docs/SIMULATION.md); the default is 1,024.
        let schedd = try ScheddProcess.start(binDir: binDir, stateDir: stateDir,
                                             arguments: ["--max-connections-per-address", String(nodes + 100)])
        defer { schedd.stop() }
        progress("simulated-centre: issuing \(nodes) node tokens and starting the simulated nodes")
        let fleet = try SimulatedNodesProcess.start(binDir: binDir, schedd: schedd, count: nodes, topology: topology,
                                                    directory: dir.path)
        defer { fleet.stop() }
        let admin = try await RPCConnection.connect(host: schedd.host, port: schedd.port, token: adminToken,
                                                    clientName: "schedbench")
        try await fleet.waitUntilUp(admin)
        await admin.close()
        progress("simulated-centre: all \(nodes) nodes up; settling 10 s")
        try await Task.sleep(for: .seconds(10))

        var cores = Samples()
        for run in 1...runs {
            progress("simulated-centre: idle CPU window \(run)/\(runs) (\(Int(windowSeconds)) s)")
            cores.add(try await cpuShare(of: schedd.process.processIdentifier, over: windowSeconds))
        }
        let client = try await RPCConnection.connect(host: schedd.host, port: schedd.port, token: userToken,
                                                     clientName: "schedbench")
        var rates = Samples()
        for run in 1...runs {
            progress("simulated-centre: \(jobs) tiny jobs, run \(run)/\(runs)")
            rates.add(try await tinyJobsPerSecond(client))
        }
        await client.close()
        var table = ReportTable(
            "simulated-centre: \(Format.grouped(nodes)) simulated nodes (nodeagent simulate) on release schedd, 127.0.0.1",
            columns: ["schedd CPU while nodes heartbeat (cores)", "tiny jobs/s, released → all COMPLETED",
                      "schedd RSS MiB at the end", "runs"])
        table.add([cores.summary { Format.fixed($0, 3) }, rates.summary(Format.count),
                   schedd.memory.map { Format.mib(fromKiB: $0.rssKiB) } ?? "n/a", String(runs)])
        table.print()
    }

    /// schedd's CPU seconds per wall second over a window.
    private func cpuShare(of pid: Int32, over seconds: Double) async throws -> Double {
        let clock = ContinuousClock()
        let (cpuBefore, start) = (cpuSeconds(of: pid), clock.now)
        try await Task.sleep(for: .seconds(seconds))
        let wall = Stopwatch.milliseconds(start.duration(to: clock.now)) / 1000
        return (cpuSeconds(of: pid) - cpuBefore) / wall
    }

    /// Submits `jobs` held `true` jobs, releases them in one request, and divides their count by the time from the
    /// release to the last one's end as schedd recorded it (so polling seldom costs no precision).
    private func tinyJobsPerSecond(_ client: RPCConnection) async throws -> Double {
        var submission = JobSubmission()
        submission.argv = ["true"]
        submission.workdir = "/tmp"
        submission.hold = true
        submission.cpusPerNode = 1
        submission.nodes = 1
        let ids = try await submitHeld(Array(repeating: submission, count: jobs), over: client)
        let released = Date().timeIntervalSince1970
        _ = try await client.request(.releaseJobs, JobIDList(jobIDs: ids), expecting: .releaseJobsReply,
                                     as: JobActionReply.self)
        var unfinished = QueryJobs()
        unfinished.limit = 1
        while true {
            let page = try await client.request(.queryJobs, unfinished, expecting: .jobList, as: JobList.self)
            if page.jobs.isEmpty { break }
            // Seldom: a query makes schedd's next batch copy the tables it changes (docs/OPERATIONS.md), which
            // would be counted against the jobs; the end time comes from schedd's records, not from this poll.
            try await Task.sleep(for: .seconds(2))
        }
        var query = QueryJobs()
        query.jobIDs = ids
        query.includeFinished = true
        let finished = try await client.jobs(query)
        let notCompleted = finished.filter { $0.state != "COMPLETED" }
        guard finished.count == ids.count, notCompleted.isEmpty else {
            throw BenchError("\(notCompleted.count) of \(ids.count) tiny jobs did not complete: \(notCompleted.first.map { "\($0.id) \($0.state) \($0.reason)" } ?? "")")
        }
        let lastEnd = Double(finished.map(\.endTimeMs).max() ?? 0) / 1000
        return Double(ids.count) / (lastEnd - released)
    }

    private func submitHeld(_ submissions: [JobSubmission], over client: RPCConnection) async throws -> [UInt64] {
        try await withThrowingTaskGroup(of: [UInt64].self) { group in
            let next = Ticket()
            for _ in 0..<16 {
                group.addTask {
                    var ids: [UInt64] = []
                    while let index = next.take(below: submissions.count) {
                        ids.append(try await client.request(.submitJob, submissions[index], expecting: .submitJobReply,
                                                            as: SubmitJobReply.self).jobID)
                    }
                    return ids
                }
            }
            var all: [UInt64] = []
            for try await ids in group { all += ids }
            return all.sorted()
        }
    }
}
