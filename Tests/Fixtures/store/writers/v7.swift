// Writes a store fixture with the store and core of commit 1707a0d (main with viewer tokens and queue samples; schema
// v7-viewers-and-queue-samples): as v6, plus a viewer token with its schemes and the queue sampled twice, and a
// manifest of what that code meant by it: its own in-memory view of the jobs, accounts, tokens, queue samples, and
// the ledger rows and audit records it committed.
// Usage: FixtureWriter DB MANIFEST
import Foundation
import SchedulerCore
import SchedulerStore

/// Everything in one function: top-level variables would be the main actor's.
func writeFixture() throws {
    let arguments = CommandLine.arguments
    let store = try StateStore(path: arguments[1])
    var scheduler = Scheduler()
    var t = Instant(milliseconds: 1_764_000_000_000)
    var transitions: [Transition] = []
    var request: UInt64 = 0
    func step(_ event: Event, after seconds: Int64 = 7) {
        request += 1
        t = t + .seconds(seconds)
        let effects = scheduler.handle(event, at: t)
        transitions += effects.transitions
        for (_, reply) in effects.replies {
            if case .rejected(let why) = reply { print("rejected: \(why)") }
        }
    }
    func rid() -> RequestID { RequestID(request + 1) }

    let ops = Principal(name: "ops", role: .admin)
    let budget = BudgetPeriod(start: t, end: t + .seconds(90 * 86_400), gpuHours: 5_000)
    step(.accountChangeRequested(.createScheme(FundingScheme(name: "aisp", displayName: "AI Subsidy Scheme", shares: 5)),
                                 ledger: [], by: ops, request: rid()))
    step(.accountChangeRequested(.createProject(Project(name: "llm", scheme: "aisp", displayName: "Large language models",
                                                        shares: 3, members: ["alice", "bob"], budgets: [budget])),
                                 ledger: [], by: ops, request: rid()))
    step(.accountChangeRequested(.createProject(Project(name: "vision", scheme: "aisp", shares: 1, members: ["bob"])),
                                 ledger: [], by: ops, request: rid()))
    step(.accountChangeRequested(.createUser(UserAccount(name: "alice", defaultProject: "llm")), ledger: [], by: ops, request: rid()))
    step(.accountChangeRequested(.createUser(UserAccount(name: "bob", defaultProject: "vision")), ledger: [], by: ops, request: rid()))

    let node = NodeInventory(name: "gpu-001", address: "10.0.0.1", cpuIDs: Array(0..<16), memoryMB: 128_000,
                             gpuIndices: [0, 1, 2, 3], gpuModel: "H100")
    step(.nodeRegistered(node, running: [], request: rid()))
    step(.nodeRegistered(NodeInventory(name: "gpu-002", address: "10.0.0.2", cpuIDs: Array(0..<16), memoryMB: 128_000,
                                       gpuIndices: [0, 1, 2, 3], gpuModel: "H100"), running: [], request: rid()))
    step(.nodeControlRequested(.drain, nodes: ["gpu-002"], reason: "NVLink errors on GPU 2", by: ops, request: rid()))
    func spec(_ name: String, _ user: String, project: String, argv: [String] = [], script: String? = nil, cpus: Int,
              gpus: Int = 0, hold: Bool = false, array: String? = nil) -> JobSpec {
        var spec = JobSpec(name: name, user: user, project: project, workdir: "/home/\(user)", argv: argv,
                           request: ResourceRequest(cpusPerNode: cpus, memoryMBPerNode: 4_096, gpusPerNode: gpus,
                                                    timeLimit: .seconds(86_400)))
        spec.script = script
        spec.environment = ["OMP_NUM_THREADS=\(cpus)", "RUN=\(name)"]
        spec.hold = hold
        spec.array = array
        return spec
    }
    step(.jobSubmitted(spec("train", "alice", project: "llm", argv: ["python", "train.py", "--lr", "3e-4"], cpus: 4, gpus: 2), request: rid()))
    step(.jobSubmitted(spec("eval", "bob", project: "vision", script: "#!/bin/sh\necho \"eval of $RUN\"\nexit 3\n", cpus: 2, gpus: 1), request: rid()))
    step(.jobSubmitted(spec("big", "alice", project: "llm", argv: ["torchrun", "big.py"], cpus: 8, gpus: 4), request: rid()))
    step(.jobSubmitted(spec("held", "bob", project: "vision", argv: ["sleep", "60"], cpus: 1, hold: true), request: rid()))
    step(.jobSubmitted(spec("doomed", "alice", project: "llm", argv: ["sleep", "600"], cpus: 1), request: rid()))
    step(.jobSubmitted(spec("sweep", "alice", project: "llm", script: "#!/bin/sh\necho task $AISCHED_ARRAY_TASK_ID\n", cpus: 1,
                            array: "0-2"), request: rid()))
    for id in scheduler.state.jobs.keys.sorted(by: { $0.rawValue < $1.rawValue }) where scheduler.state.jobs[id]?.state == .running {
        step(.jobStarted(id, node: "gpu-001", note: "cgroup v2", request: nil))
    }
    // An hour and a half of running, heard from every 30 s: the accounting ticks charge the running jobs.
    for _ in 0..<180 {
        step(.heartbeatReceived(node: "gpu-001", running: scheduler.state.nodes["gpu-001"].map { Array($0.jobs) } ?? []), after: 15)
        step(.heartbeatReceived(node: "gpu-002", running: []), after: 0)
        step(.timerFired, after: 15)
    }
    step(.jobExited(JobID(1), node: "gpu-001", ExitReport(exitCode: 0), request: nil))
    step(.jobExited(JobID(2), node: "gpu-001", ExitReport(exitCode: 3), request: nil))
    step(.cancelRequested([.job(JobID(5))], by: Principal(name: "alice", role: .user), request: rid()))
    step(.jobExited(JobID(6), node: "gpu-001", ExitReport(exitCode: 0), request: nil))
    // Ten more minutes: the jobs that ended retire after their 5 minutes of retention; then one more ends, and stays.
    let beforeRetirement = scheduler.state.jobs
    for _ in 0..<20 {
        step(.heartbeatReceived(node: "gpu-001", running: scheduler.state.nodes["gpu-001"].map { Array($0.jobs) } ?? []), after: 15)
        step(.heartbeatReceived(node: "gpu-002", running: []), after: 0)
        step(.timerFired, after: 15)
    }
    step(.jobExited(JobID(7), node: "gpu-001", ExitReport(exitCode: 1), request: nil))
    var everyJob = beforeRetirement
    for (id, job) in scheduler.state.jobs { everyJob[id] = job }
    try store.commitNow(transitions)

    try store.recordToken(TokenRecord(id: "tok-alice", user: "alice", role: "user", issuedAt: 1_764_000_000, expiresAt: 1_800_000_000))
    try store.recordToken(TokenRecord(id: "tok-node", user: "gpu-001", role: "node", issuedAt: 1_764_000_000, expiresAt: 1_900_000_000))
    try store.recordToken(TokenRecord(id: "tok-old", user: "bob", role: "admin", issuedAt: 1_760_000_000, expiresAt: 1_800_000_000))
    _ = try store.revokeToken(id: "tok-old", at: 1_764_000_100)
    try store.recordToken(TokenRecord(id: "tok-funder", user: "itf-auditor", role: "viewer", issuedAt: 1_764_000_000,
                                      expiresAt: 1_800_000_000, schemes: ["aisp", "innohk"]))
    let samples = [scheduler.queueSample(at: t), scheduler.queueSample(at: t + .seconds(60))]
    for sample in samples { try store.recordQueueSample(sample, keepSince: Instant(milliseconds: 0)) }

    // The manifest: what this code holds in memory, which the current code must load back from the file.
    var jobs: [[String: Any]] = []
    for job in everyJob.values.sorted(by: { $0.id.rawValue < $1.id.rawValue }) {
        var row: [String: Any] = [
            "id": job.id.rawValue, "name": job.spec.name, "user": job.spec.user, "project": job.spec.project,
            "state": job.state.rawValue, "held": job.held, "argv": job.spec.argv, "script": job.spec.script ?? "",
            "environment": job.spec.environment, "workdir": job.spec.workdir,
            "cpusPerNode": job.spec.request.cpusPerNode, "gpusPerNode": job.spec.request.gpusPerNode,
            "memoryMBPerNode": job.spec.request.memoryMBPerNode,
            "submitTime": job.submitTime.milliseconds, "startTime": job.startTime?.milliseconds ?? -1,
            "endTime": job.endTime?.milliseconds ?? -1, "exitCode": job.exitCode.map { Int($0) } ?? -1,
            "gpus": job.allocation.map { $0.nodes.flatMap(\.gpus) } ?? [],
            "history": job.history.map(\.state.rawValue),
            "retired": scheduler.state.jobs[job.id] == nil,
        ]
        if let array = job.arrayJobID { row["arrayJobID"] = array.rawValue; row["arrayTaskID"] = job.arrayTaskID ?? -1 }
        jobs.append(row)
    }
    // The ledger as this code reads it back (from v5 on, a row's charge transition carries the whole row so far,
    // so the transitions cannot simply be summed).
    var charged: [String: Double] = [:]
    for charge in try store.ledger() { charged[charge.project, default: 0] += charge.gpuHours }
    var audit: [[String: Any]] = []
    for transition in transitions {
        if case .auditRecorded(let record) = transition { audit.append(["action": record.action, "subject": record.subject]) }
    }
    let registry = scheduler.state.accounts
    let manifest: [String: Any] = [
        "schema": "v7-viewers-and-queue-samples",
        "writtenBy": "1707a0d",
        "nodeControl": scheduler.state.nodes.compactMapValues { $0.control?.reason },
        "jobs": jobs,
        "nodes": scheduler.state.nodes.keys.sorted(),
        "schemes": registry.schemes.keys.sorted(),
        "projects": registry.projects.values.sorted { $0.name < $1.name }.map {
            ["name": $0.name, "scheme": $0.scheme, "shares": $0.shares, "members": $0.members.sorted(),
             "budgets": $0.budgets.map(\.gpuHours)] },
        "users": registry.users.values.sorted { $0.name < $1.name }.map { ["name": $0.name, "defaultProject": $0.defaultProject] },
        "tokens": try store.tokens().map { ["id": $0.id, "user": $0.user, "role": $0.role, "revoked": $0.revokedAt != nil,
                                            "schemes": $0.schemes] },
        "queueSamples": samples.map { ["at": $0.at.milliseconds, "pending": $0.pending, "held": $0.held,
                                       "running": $0.running, "gpusWanted": $0.gpusWanted, "gpusInUse": $0.gpusInUse,
                                       "medianWaitMs": $0.medianWait.milliseconds, "maxWaitMs": $0.maxWait.milliseconds] },
        "ledgerGPUHours": charged,
        "audit": audit,
    ]
    let data = try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys])
    try data.write(to: URL(fileURLWithPath: arguments[2]))
    print("wrote \(arguments[1]) and \(arguments[2]): \(jobs.count) jobs, \(charged) GPU-hours, \(audit.count) audit records")
}

try writeFixture()
