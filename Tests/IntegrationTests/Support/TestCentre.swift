import AischedClient
import Foundation
import Glibc

/// A real centre for one test: `schedd` and `nodeagent` processes built by this package, on loopback,
/// with a temporary state directory. Everything is killed and removed by `shutdown()`.
final class TestCentre: @unchecked Sendable {
    let root: String
    let binDir: String
    var stateDir: String { root + "/state" }
    var workDir: String { root + "/work" }
    private(set) var schedd: Process?
    private var agents: [String: Process] = [:]
    private(set) var server = ""
    let user = String(cString: getpwuid(geteuid()).pointee.pw_name)

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("aisched-test-\(UUID().uuidString.prefix(8))").path
        binDir = try Self.locateBinaries()
        try FileManager.default.createDirectory(atPath: root + "/work", withIntermediateDirectories: true)
    }

    /// The executables sit next to the test bundle (`.build/<triple>/debug/`); AISCHED_BIN_DIR overrides.
    static func locateBinaries() throws -> String {
        if let dir = ProcessInfo.processInfo.environment["AISCHED_BIN_DIR"] { return dir }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            if FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("schedd").path) { return dir.path }
            dir = dir.deletingLastPathComponent()
        }
        throw TestFailure("cannot find the schedd binary next to \(CommandLine.arguments[0]); build with `swift build --build-tests` or set AISCHED_BIN_DIR")
    }

    /// Starts schedd on a free port, or again on the port it had (as a restarted daemon would), so agents find it.
    /// `descriptorLimit` runs it under `ulimit -n` (hard and soft) of that many descriptors.
    func startSchedd(extra: [String] = [], descriptorLimit: Int? = nil) throws {
        try? FileManager.default.removeItem(atPath: stateDir + "/schedd.addr")
        let listen = server.isEmpty ? "127.0.0.1:0" : server
        let args = ["--state-dir", stateDir, "--listen", listen, "--heartbeat-seconds", "1"] + extra
        let process = try descriptorLimit.map { limit in
            try spawnExecutable("/bin/sh", ["-c", "ulimit -n \(limit) && exec \"$0\" \"$@\"", binDir + "/schedd"] + args,
                                log: "schedd.log")
        } ?? spawn("schedd", args, log: "schedd.log")
        schedd = process
        let addressFile = stateDir + "/schedd.addr"
        for _ in 0..<200 {
            if let text = try? String(contentsOfFile: addressFile, encoding: .utf8), text.hasSuffix("\n") {
                server = text.trimmingCharacters(in: .whitespacesAndNewlines)
                return
            }
            guard process.isRunning else { break }
            usleep(50_000)
        }
        throw TestFailure("schedd did not start; its log:\n" + log("schedd.log"))
    }

    /// SIGKILL: no shutdown code runs, exactly like a crash.
    func killSchedd() {
        guard let schedd else { return }
        kill(schedd.processIdentifier, SIGKILL)
        schedd.waitUntilExit()
        self.schedd = nil
    }

    func token(_ user: String, role: String = "user", expires: String = "1d", schemes: [String] = []) throws -> String {
        let result = try run("schedd", ["token", "issue", "--state-dir", stateDir, "--user", user, "--role", role,
                                        "--expires", expires] + (schemes.isEmpty ? [] : ["--schemes", schemes.joined(separator: ",")]))
        guard result.status == 0 else { throw TestFailure("token issue failed: \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func startAgent(_ name: String, topology: String? = nil, extra: [String] = []) throws {
        let tokenFile = root + "/\(name).token"
        try token(name, role: "node").write(toFile: tokenFile, atomically: true, encoding: .utf8)
        // Tests run jobs as the user running them, root in CI containers.
        var args = ["--server", server, "--token-file", tokenFile, "--name", name, "--spool-dir", root + "/spool-\(name)",
                    "--min-uid", "0"]
        if let topology { args += ["--topology", topology] }
        args += extra
        let before = registrations(name)
        let process = try spawn("nodeagent", args, log: "\(name).log")
        agents[name] = process
        try waitUntilRegistered(name, process, after: before)
    }

    /// `nodeagent simulate` with `count` virtual nodes PREFIX-0001…, a node token each in a directory of their own.
    /// Returns their names; the process is stopped with the agents.
    func startSimulatedNodes(_ count: Int, prefix: String = "sim", topology: String, extra: [String] = []) throws -> [String] {
        let tokenDir = root + "/tokens-\(prefix)"
        try FileManager.default.createDirectory(atPath: tokenDir, withIntermediateDirectories: true)
        let names = (1...count).map { prefix + "-" + String(repeating: "0", count: max(0, 4 - String($0).count)) + String($0) }
        for name in names {
            try token(name, role: "node").write(toFile: tokenDir + "/\(name).token", atomically: true, encoding: .utf8)
        }
        let args = ["simulate", "--nodes", String(count), "--topology", topology, "--server", server,
                    "--token-dir", tokenDir, "--name-prefix", prefix] + extra
        agents["simulate-\(prefix)"] = try spawn("nodeagent", args, log: "simulate-\(prefix).log")
        return names
    }

    private func registrations(_ name: String) -> Int {
        log("\(name).log").components(separatedBy: "registered with schedd").count - 1
    }

    /// Waits for the agent's "registered" line: a test that submits right after starting agents would otherwise
    /// race their registration (a 2-node job refused because only one node has registered yet).
    private func waitUntilRegistered(_ name: String, _ process: Process, after before: Int) throws {
        for _ in 0..<600 {
            if registrations(name) > before { return }
            guard process.isRunning else { break }
            usleep(50_000)
        }
        throw TestFailure("agent \(name) did not register; its log:\n" + log("\(name).log"))
    }

    func connect(as user: String, role: String = "user") async throws -> RPCConnection {
        let (host, port) = hostPort()
        return try await RPCConnection.connect(host: host, port: port, token: try token(user, role: role),
                                               clientName: "test")
    }

    func hostPort() -> (String, Int) {
        let colon = server.lastIndex(of: ":")!
        return (String(server[..<colon]), Int(server[server.index(after: colon)...])!)
    }

    /// Runs `aisubmit` as the test user would, with the server and token in the environment.
    func aisubmit(_ args: [String], token: String, stdin: String? = nil) throws -> CommandResult {
        try run("aisubmit", args, environment: ["AISCHED_SERVER": server, "AISCHED_TOKEN": token], stdin: stdin)
    }

    struct CommandResult {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func run(_ tool: String, _ args: [String], environment: [String: String] = [:], stdin: String? = nil) throws -> CommandResult {
        try runExecutable(binDir + "/" + tool, args, environment: environment, stdin: stdin)
    }

    /// Runs the program at `path` (a symlink keeps its own name as argv[0], as Slurm's names need).
    func runExecutable(_ path: String, _ args: [String], environment: [String: String] = [:], stdin: String? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = args
        process.currentDirectoryURL = URL(fileURLWithPath: workDir)
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = root // keep the developer's ~/.config/aisched out of tests
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                             stderr: String(decoding: stderr, as: UTF8.self))
    }

    private func spawn(_ tool: String, _ args: [String], log: String) throws -> Process {
        try spawnExecutable(binDir + "/" + tool, args, log: log)
    }

    private func spawnExecutable(_ path: String, _ args: [String], log: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = args
        let logPath = root + "/" + log
        if !FileManager.default.fileExists(atPath: logPath) { // a restarted process appends to its log
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        let handle = FileHandle(forWritingAtPath: logPath)!
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    func log(_ name: String) -> String {
        (try? String(contentsOfFile: root + "/" + name, encoding: .utf8)) ?? "(no \(name))"
    }

    var scheddIsRunning: Bool { schedd?.isRunning ?? false }

    /// SIGKILL, as a crash: the agent's jobs keep running under their shepherds.
    func killAgent(_ name: String) {
        guard let process = agents.removeValue(forKey: name), process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGSTOP / SIGCONT: a node that hangs (or is cut off) and comes back.
    func pauseAgent(_ name: String, _ paused: Bool) {
        guard let process = agents[name] else { return }
        kill(process.processIdentifier, paused ? SIGSTOP : SIGCONT)
    }

    func shutdown() {
        for process in agents.values where process.isRunning {
            kill(process.processIdentifier, SIGCONT)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        agents = [:]
        killSchedd()
        killJobsLeft()
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Jobs outlive their agent (they run under shepherds): kill what the test left, by the pids in the spools.
    private func killJobsLeft() {
        let spools = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { $0.hasPrefix("spool-") }
        for spool in spools {
            let directory = root + "/" + spool
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasSuffix(".pid") {
                guard let text = try? String(contentsOfFile: directory + "/" + name, encoding: .utf8),
                      let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0 else { continue }
                kill(-pid, SIGKILL)
            }
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` until it holds or `seconds` pass.
func eventually(_ seconds: Double = 20, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(100))
    }
    return false
}
