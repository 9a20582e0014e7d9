@testable import SchedulerCore

/// Builders with defaults that make a valid, boring object, so each test states only what it is about.
extension JobSpec {
    static func make(user: String = "alice", name: String = "", project: String = "",
                     workdir: String = "/home/alice/exp", argv: [String] = ["python", "train.py"],
                     script: String? = nil, environment: [String] = [], cpus: Int = 1, memoryMB: Int64 = 0,
                     gpus: Int = 0, nodes: Int = 1, gpuModel: String? = nil, exclusive: Bool = false,
                     timeLimit: Span? = nil, stdout: String = "", stderr: String = "", hold: Bool = false) -> JobSpec {
        JobSpec(name: name, user: user, project: project, workdir: workdir, argv: argv, script: script,
                environment: environment,
                request: ResourceRequest(nodes: nodes, cpusPerNode: cpus, memoryMBPerNode: memoryMB,
                                         gpusPerNode: gpus, gpuModel: gpuModel, exclusive: exclusive,
                                         timeLimit: timeLimit),
                stdoutPath: stdout, stderrPath: stderr, hold: hold)
    }
}

extension NodeInventory {
    /// A node with CPU ids `0..<cpus` and GPU indices `0..<gpus`.
    static func make(_ name: String, cpus: Int = 8, memoryMB: Int64 = 64_000, gpus: Int = 0,
                     gpuModel: String? = nil) -> NodeInventory {
        NodeInventory(name: name, address: "\(name).cluster.local", cpuIDs: Array(0..<cpus), memoryMB: memoryMB,
                      gpuIndices: Array(0..<gpus), gpuModel: gpus > 0 ? (gpuModel ?? "A100") : gpuModel)
    }
}

extension Principal {
    static func user(_ name: String) -> Principal { Principal(name: name, role: .user) }
    static let admin = Principal(name: "root", role: .admin)
    static func agent(_ node: String) -> Principal { Principal(name: node, role: .node) }
}

/// A launch or kill as tests compare them (the core's `Outbound` mixes them with replies).
struct Launch: Hashable, Sendable, CustomStringConvertible {
    var job: JobID
    var node: String
    init(_ job: JobID, on node: String) { self.job = job; self.node = node }
    var description: String { "launch(\(job) on \(node))" }
}

struct Kill: Hashable, Sendable, CustomStringConvertible {
    var job: JobID
    var node: String
    var reason: String
    var description: String { "kill(\(job) on \(node): \(reason))" }
}

extension Effects {
    var launches: [Launch] {
        outbound.compactMap { if case let .launch(job, node) = $0 { Launch(job, on: node) } else { nil } }
    }

    var kills: [Kill] {
        outbound.compactMap {
            if case let .kill(job, node, reason) = $0 { Kill(job: job, node: node, reason: reason) } else { nil }
        }
    }

    /// Jobs whose state changed (one entry per history append), in order.
    var stateChanges: [JobID: [JobState]] {
        var changes: [JobID: [JobState]] = [:]
        for case let .jobHistoryAppended(id, change) in transitions { changes[id, default: []].append(change.state) }
        return changes
    }
}

extension Job {
    var historyStates: [JobState] { history.map(\.state) }
}
