import AischedClient
import Foundation
import SchedulerProtocol

/// `nodeagent simulate` next to schedbench: N virtual nodes on a running schedd, each with a node token issued by
/// `schedd token issue` into a token directory, as docs/SIMULATION.md shows.
final class SimulatedNodesProcess {
    let process: Process
    let count: Int

    private init(process: Process, count: Int) {
        self.process = process
        self.count = count
    }

    static func start(binDir: String, schedd: ScheddProcess, count: Int, topology: String,
                      directory: String) throws -> SimulatedNodesProcess {
        let tokenDir = directory + "/tokens"
        try FileManager.default.createDirectory(atPath: tokenDir, withIntermediateDirectories: true)
        for name in names(count) {
            let token = try ScheddProcess.issueToken(binDir: binDir, stateDir: schedd.stateDir, user: name, role: "node")
            try token.write(toFile: tokenDir + "/\(name).token", atomically: true, encoding: .utf8)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binDir + "/nodeagent")
        process.arguments = ["simulate", "--nodes", String(count), "--topology", topology,
                             "--server", "\(schedd.host):\(schedd.port)", "--token-dir", tokenDir]
        process.standardInput = FileHandle.nullDevice
        let logPath = directory + "/simulate.log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: logPath)
        process.standardError = process.standardOutput
        try process.run()
        return SimulatedNodesProcess(process: process, count: count)
    }

    /// The names `nodeagent simulate` gives with its default prefix.
    static func names(_ count: Int) -> [String] {
        let width = max(4, String(count).count)
        return (1...count).map { "sim-" + String(repeating: "0", count: width - String($0).count) + String($0) }
    }

    /// Waits until schedd lists every node idle and responding; throws after `timeoutSeconds`.
    func waitUntilUp(_ admin: RPCConnection, timeoutSeconds: Double = 300) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(timeoutSeconds))
        var up = 0
        while clock.now < deadline {
            guard process.isRunning else { throw BenchError("nodeagent simulate exited (status \(process.terminationStatus))") }
            up = try await admin.nodes(ListNodes()).filter { $0.state == "idle" && !$0.notResponding }.count
            if up == count { return }
            try await Task.sleep(for: .seconds(1))
        }
        throw BenchError("only \(up) of \(count) simulated nodes came up within \(Int(timeoutSeconds)) s")
    }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }
}

/// CPU seconds (user + system) a process has used so far, from /proc/PID/stat.
func cpuSeconds(of pid: Int32) -> Double {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return .nan }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    // After the command name: utime and stime are fields 14 and 15 (1-based), so 11 and 12 here.
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return .nan }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}
