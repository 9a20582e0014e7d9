import AischedClient
import Foundation
import Glibc
import SchedulerProtocol
import Testing

/// Issue 13's chaos test on real processes: over a hundred jobs of mixed length over two agents, while a seeded
/// schedule kills schedd (-9) and restarts it, kills agents (-9) and restarts them, and stops agents (SIGSTOP) past
/// the node timeout before resuming them. Afterwards every acknowledged job has exactly one final state, and no job
/// started twice (each job appends a start and an end marker with its node), and the usage ledger charged the
/// project exactly the time its jobs ran.
///
/// The jobs do not ask for `--requeue`: a job that a fenced node may still be running ends NODE_FAIL rather than
/// start elsewhere (with `--requeue` it would, as in Slurm, while the cut-off node may still run the first copy).
@Suite(.serialized) struct ChaosTests {
    /// A small seeded generator (the schedule must be the same on every run: a failure can be replayed).
    struct Seeded {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    enum Fault: CustomStringConvertible {
        case killSchedd, killAgent(String), stopAgent(String)
        var description: String {
            switch self {
            case .killSchedd: "kill -9 schedd"
            case .killAgent(let n): "kill -9 \(n)"
            case .stopAgent(let n): "SIGSTOP \(n)"
            }
        }
    }

    /// 120 one-GPU jobs of 0.5–5 s on two 8-GPU nodes: about 20 s of work, so the faults hit running jobs.
    static let jobs = 120
    /// A schedule with every kind of fault: agent kills, schedd kills, stops of either node.
    static let seed: UInt64 = 25
    static let nodes = ["node-a", "node-b"]

    @Test func nothingAcknowledgedIsLostAndNothingRunsTwiceUnderKillsAndStops() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        let scheddFlags = ["--node-timeout-seconds", "3", "--accounting-seconds", "1"]
        try centre.startSchedd(extra: scheddFlags)
        for node in Self.nodes { try centre.startAgent(node, topology: BackfillPreemptionTests.topology) }
        try await Self.fundProject(centre)
        let token = try centre.token(centre.user)
        let marks = centre.root + "/marks"
        var random = Seeded(state: Self.seed)

        var submitted: [Int] = []
        for index in 0..<Self.jobs {
            let seconds = Double(5 + random.next(46)) / 10 // 0.5–5 s
            let body = "echo start $SLURM_JOB_ID $SLURMD_NODENAME >> \(marks); sleep \(seconds); echo end $SLURM_JOB_ID $SLURMD_NODENAME >> \(marks)"
            let result = try centre.aisubmit(["submit", "--parsable", "--job-name", "chaos-\(index)", "-A", Self.project, "--gpus-per-node", "1",
                                              "--", "sh", "-c", body],
                                             token: token)
            if result.status == 0, let id = Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) {
                submitted.append(id)
            }
        }
        #expect(submitted.count == Self.jobs)

        var faults: [Fault] = []
        let deadline = Date().addingTimeInterval(25)
        while Date() < deadline {
            try await Task.sleep(for: .milliseconds(1_000 + random.next(2_000)))
            let node = Self.nodes[random.next(Self.nodes.count)]
            let fault: Fault = switch random.next(10) {
            case 0..<3: .killSchedd
            case 3..<7: .killAgent(node)
            default: .stopAgent(node)
            }
            faults.append(fault)
            switch fault {
            case .killSchedd:
                centre.killSchedd()
                try centre.startSchedd(extra: scheddFlags)
            case .killAgent(let node):
                centre.killAgent(node)
                try await Task.sleep(for: .milliseconds(random.next(1_000)))
                try centre.startAgent(node, topology: BackfillPreemptionTests.topology)
            case .stopAgent(let node):
                centre.pauseAgent(node, true)
                try await Task.sleep(for: .seconds(4)) // past the 3 s node timeout
                centre.pauseAgent(node, false)
            }
        }

        // Every acknowledged job reaches exactly one final state.
        var final: [Int: [String: Any]] = [:]
        _ = try await eventually(120) {
            for id in submitted where final[id] == nil {
                let info = AgentRestartTests.state(centre, id, token)
                if let state = info["state"] as? String, !["PENDING", "RUNNING"].contains(state) { final[id] = info }
            }
            return final.count == submitted.count
        }
        let unfinished = submitted.filter { final[$0] == nil }
        #expect(unfinished.isEmpty, "not finished: \(unfinished.prefix(10)) after \(faults)")
        let terminal: Set = ["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL"]
        for (id, info) in final {
            let states = (info["history"] as? [[String: Any]] ?? []).compactMap { $0["state"] as? String }
            #expect(states.filter(terminal.contains).count == 1 && terminal.contains(states.last ?? ""),
                    "job \(id): \(states)")
        }

        // Nothing ran twice: at most one start per job; a COMPLETED job started and ended once, on one node.
        let lines = AgentRestartTests.lines(marks).map { $0.split(separator: " ").map(String.init) }
        var starts: [Int: [String]] = [:], ends: [Int: [String]] = [:]
        for fields in lines where fields.count == 3 {
            guard let id = Int(fields[1]) else { continue }
            if fields[0] == "start" { starts[id, default: []].append(fields[2]) } else { ends[id, default: []].append(fields[2]) }
        }
        let twice = starts.filter { $0.value.count > 1 }
        #expect(twice.isEmpty, "started more than once: \(twice) after \(faults)")
        for (id, info) in final where info["state"] as? String == "COMPLETED" {
            #expect(starts[id]?.count == 1 && ends[id] == starts[id], "job \(id): starts \(starts[id] ?? []), ends \(ends[id] ?? [])")
        }
        try await Self.expectLedgerMatchesRunTimes(centre, submitted, faults)
        let counts = Dictionary(grouping: final.values.compactMap { $0["state"] as? String }, by: { $0 }).mapValues(\.count)
        let failed = final.values.filter { $0["state"] as? String == "FAILED" }.map { "\($0["id"] ?? "?"): \($0["reason"] ?? "?")" }
        #expect(failed.isEmpty, "a fault made jobs fail rather than end NODE_FAIL or complete: \(failed)")
        print("chaos: \(submitted.count) jobs, \(faults.count) faults (\(faults)); final states \(counts)")
    }

    static let project = "chaos-grant"

    /// A project with a budget far larger than the test can use, so every run is charged to it.
    static func fundProject(_ centre: TestCentre) async throws {
        let admin = try await centre.connect(as: "ops", role: "admin")
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var scheme = SchemeInfo()
        scheme.name = "chaos"
        scheme.shares = 1
        var project = ProjectInfo()
        project.name = Self.project
        project.scheme = "chaos"
        project.shares = 1
        project.members = [centre.user]
        project.budgets = [BudgetPeriodInfo(startMs: now - 3_600_000, endMs: now + 86_400_000, milliGPUHours: 1_000_000_000)]
        for (action, fill) in [("create-scheme", { (r: inout AccountChangeRequest) in r.scheme = scheme }),
                               ("create-project", { (r: inout AccountChangeRequest) in r.project = project })] {
            var request = AccountChangeRequest()
            request.action = action
            fill(&request)
            _ = try await admin.request(.accountChange, request, expecting: .accountChangeReply, as: AuditList.self)
        }
    }

    /// The ledger against the jobs' own histories: each run (RUNNING until the next state) of a one-GPU job costs
    /// its length in GPU-hours, whatever restarts of schedd and agents happened meanwhile (nothing charged twice,
    /// nothing lost).
    static func expectLedgerMatchesRunTimes(_ centre: TestCentre, _ ids: [Int], _ faults: [Fault]) async throws {
        let rpc = try await centre.connect(as: centre.user)
        var query = QueryJobs()
        query.jobIDs = ids.map(UInt64.init)
        query.includeHistory = true
        query.includeFinished = true
        var ranMs: Int64 = 0
        for job in try await rpc.jobs(query) {
            let history = job.history.sorted { $0.atMs < $1.atMs }
            for (index, change) in history.enumerated() where change.state == "RUNNING" && index + 1 < history.count {
                ranMs += history[index + 1].atMs - change.atMs
            }
        }
        let usage = try await rpc.request(.queryUsage, QueryUsage(project: Self.project, user: ""),
                                          expecting: .usageReport, as: UsageReport.self)
        let charged = Double(usage.projects.first?.usedMilliGPUHours ?? 0)
        let ran = Double(ranMs) / 3_600 // milli-GPU-hours: one GPU for 3.6 s
        // Within the report's rounding (the total is rounded to a milli-GPU-hour once).
        #expect(abs(charged - ran) <= 1.5,
                "charged \(charged) milli-GPU-hours, ran \(ran) after \(faults)")
        print("chaos ledger: charged \(charged) milli-GPU-hours for \(ran) run")
    }
}
