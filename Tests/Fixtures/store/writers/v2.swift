// Writes a store fixture with the store and core of commit e53d645 (schema v2-accounting-audit; no code of
// that commit wrote ledger rows or audit records yet: the manifest says none), and a manifest of
// what that code meant by it: its own in-memory view of the jobs, accounts and tokens it committed.
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
    func step(_ event: Event) {
        request += 1
        t = t + .seconds(7)
        transitions += scheduler.handle(event, at: t).transitions
    }

    let node = NodeInventory(name: "gpu-001", address: "10.0.0.1", cpuIDs: Array(0..<16), memoryMB: 128_000,
                             gpuIndices: [0, 1, 2, 3], gpuModel: "H100")
    step(.nodeRegistered(node, running: [], request: RequestID(1)))
    func spec(_ name: String, _ user: String, argv: [String] = [], script: String? = nil, cpus: Int, gpus: Int = 0,
              hold: Bool = false) -> JobSpec {
        var spec = JobSpec(name: name, user: user, project: "llm", workdir: "/home/\(user)", argv: argv,
                           request: ResourceRequest(cpusPerNode: cpus, memoryMBPerNode: 4_096, gpusPerNode: gpus))
        spec.script = script
        spec.environment = ["OMP_NUM_THREADS=\(cpus)", "RUN=\(name)"]
        spec.hold = hold
        return spec
    }
    step(.jobSubmitted(spec("train", "alice", argv: ["python", "train.py", "--lr", "3e-4"], cpus: 4, gpus: 2), request: RequestID(10)))
    step(.jobSubmitted(spec("eval", "bob", script: "#!/bin/sh\necho \"eval of $RUN\"\nexit 3\n", cpus: 2, gpus: 1), request: RequestID(11)))
    step(.jobSubmitted(spec("big", "alice", argv: ["torchrun", "big.py"], cpus: 8, gpus: 4), request: RequestID(12)))
    step(.jobSubmitted(spec("held", "bob", argv: ["sleep", "60"], cpus: 1, hold: true), request: RequestID(13)))
    step(.jobSubmitted(spec("doomed", "alice", argv: ["sleep", "600"], cpus: 1), request: RequestID(14)))
    for id in scheduler.state.jobs.keys.sorted(by: { $0.rawValue < $1.rawValue }) where scheduler.state.jobs[id]?.state == .running {
        step(.jobStarted(id, node: "gpu-001", note: "cgroup v2", request: nil))
    }
    step(.jobExited(JobID(1), node: "gpu-001", ExitReport(exitCode: 0), request: nil))
    step(.jobExited(JobID(2), node: "gpu-001", ExitReport(exitCode: 3), request: nil))
    step(.cancelRequested([JobID(5)], by: Principal(name: "alice", role: .user), request: RequestID(20)))
    try store.commitNow(transitions)

    let registry = AccountRegistry(
        schemes: [FundingScheme(name: "aisp", displayName: "AI Subsidy Scheme", shares: 5)],
        projects: [Project(name: "llm", scheme: "aisp", displayName: "Large language models", shares: 3,
                           members: ["alice", "bob"],
                           budgets: [BudgetPeriod(start: t, end: t + .seconds(90 * 86_400), gpuHours: 5_000)])],
        users: [UserAccount(name: "alice", defaultProject: "llm"), UserAccount(name: "bob", defaultProject: "llm")])
    try store.replaceAccounts(registry)
    try store.recordToken(TokenRecord(id: "tok-alice", user: "alice", role: "user", issuedAt: 1_764_000_000, expiresAt: 1_800_000_000))
    try store.recordToken(TokenRecord(id: "tok-node", user: "gpu-001", role: "node", issuedAt: 1_764_000_000, expiresAt: 1_900_000_000))
    try store.recordToken(TokenRecord(id: "tok-old", user: "bob", role: "admin", issuedAt: 1_760_000_000, expiresAt: 1_800_000_000))
    _ = try store.revokeToken(id: "tok-old", at: 1_764_000_100)

    // The manifest: what this code holds in memory, which the current code must load back from the file.
    var jobs: [[String: Any]] = []
    for job in scheduler.state.jobs.values.sorted(by: { $0.id.rawValue < $1.id.rawValue }) {
        jobs.append([
            "id": job.id.rawValue, "name": job.spec.name, "user": job.spec.user, "project": job.spec.project,
            "state": job.state.rawValue, "held": job.held, "argv": job.spec.argv, "script": job.spec.script ?? "",
            "environment": job.spec.environment, "workdir": job.spec.workdir,
            "cpusPerNode": job.spec.request.cpusPerNode, "gpusPerNode": job.spec.request.gpusPerNode,
            "memoryMBPerNode": job.spec.request.memoryMBPerNode,
            "submitTime": job.submitTime.milliseconds, "startTime": job.startTime?.milliseconds ?? -1,
            "endTime": job.endTime?.milliseconds ?? -1, "exitCode": job.exitCode.map { Int($0) } ?? -1,
            "gpus": job.allocation.map { $0.nodes.flatMap(\.gpus) } ?? [],
            "history": job.history.map(\.state.rawValue),
        ])
    }
    let manifest: [String: Any] = [
        "schema": "v2-accounting-audit",
        "writtenBy": "e53d645",
        "ledgerGPUHours": [String: Double](),
        "audit": [[String: Any]](),
        "jobs": jobs,
        "nodes": scheduler.state.nodes.keys.sorted(),
        "schemes": registry.schemes.keys.sorted(),
        "projects": registry.projects.values.map { ["name": $0.name, "scheme": $0.scheme, "shares": $0.shares,
                                                     "members": $0.members.sorted(), "budgets": $0.budgets.map(\.gpuHours)] },
        "users": registry.users.values.map { ["name": $0.name, "defaultProject": $0.defaultProject] },
        "tokens": try store.tokens().map { ["id": $0.id, "user": $0.user, "role": $0.role, "revoked": $0.revokedAt != nil] },
    ]
    let data = try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys])
    try data.write(to: URL(fileURLWithPath: arguments[2]))
    print("wrote \(arguments[1]) and \(arguments[2]): \(jobs.count) jobs")
}

try writeFixture()
