import Foundation

/// What the `exec-job` wrapper needs to become the job: written by the agent to the spool, read by the wrapper.
struct ExecSpec: Codable {
    var jobID: UInt64
    var user: String
    var workdir: String
    /// The program and its arguments (for a script: the script file and its arguments).
    var argv: [String]
    var environment: [String]
    var stdoutPath: String
    var stderrPath: String
    /// CPU ids to pin to (empty: no pinning).
    var cpus: [Int]
    /// NUMA nodes to bind memory to (empty: no binding).
    var numaNodes: [Int]
    /// Where the wrapper writes why it could not start the job.
    var failureFile: String

    static func load(_ path: String) throws -> ExecSpec {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AgentError("cannot read job spec \(path)")
        }
        return try JSONDecoder().decode(ExecSpec.self, from: data)
    }

    func save(_ path: String) throws {
        try JSONEncoder().encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

struct AgentError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
