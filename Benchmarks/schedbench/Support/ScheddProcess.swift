import Foundation

/// A real schedd on 127.0.0.1 with a port of its choosing, as the integration tests start it
/// (Tests/IntegrationTests/Support/TestCentre.swift): state directory, schedd.addr, `schedd token issue`.
final class ScheddProcess {
    let binary: String
    let stateDir: String
    let process: Process
    let host: String
    let port: Int
    /// Milliseconds from spawn until schedd wrote its address (it has loaded its database and listens).
    let startMs: Double

    private init(binary: String, stateDir: String, process: Process, host: String, port: Int, startMs: Double) {
        self.binary = binary
        self.stateDir = stateDir
        self.process = process
        self.host = host
        self.port = port
        self.startMs = startMs
    }

    /// Starts schedd on `stateDir` and waits until it listens (at most `timeoutSeconds`).
    static func start(binDir: String, stateDir: String, arguments: [String] = [],
                      timeoutSeconds: Double = 120) throws -> ScheddProcess {
        let binary = binDir + "/schedd"
        let addressFile = stateDir + "/schedd.addr"
        try? FileManager.default.removeItem(atPath: addressFile)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--state-dir", stateDir, "--listen", "127.0.0.1:0"] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try logHandle(stateDir + "/schedd.log")
        process.standardError = process.standardOutput
        let clock = ContinuousClock()
        let spawned = clock.now
        try process.run()
        let deadline = spawned.advanced(by: .milliseconds(Int64(timeoutSeconds * 1000)))
        while clock.now < deadline {
            if let text = try? String(contentsOfFile: addressFile, encoding: .utf8), text.hasSuffix("\n"),
               let (host, port) = splitHostPort(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return ScheddProcess(binary: binary, stateDir: stateDir, process: process, host: host, port: port,
                                     startMs: Stopwatch.milliseconds(spawned.duration(to: clock.now)))
            }
            guard process.isRunning else { break }
            usleep(2_000)
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let log = (try? String(contentsOfFile: stateDir + "/schedd.log", encoding: .utf8)) ?? ""
        throw BenchError("schedd did not start within \(Int(timeoutSeconds)) s; its log:\n\(log)")
    }

    /// Issues a token with `schedd token issue` (needs the state directory, like on the schedd host).
    static func issueToken(binDir: String, stateDir: String, user: String, role: String = "user") throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binDir + "/schedd")
        process.arguments = ["token", "issue", "--state-dir", stateDir, "--user", user, "--role", role, "--expires", "1d"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.standardError
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("schedd token issue failed") }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// VmRSS / VmHWM of the running daemon.
    var memory: ProcessMemory? { ProcessMemory.read(pid: process.processIdentifier) }

    /// SIGTERM, then SIGKILL if it has not exited within 5 seconds.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<500 where process.isRunning { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Where schedd is: `--bin-dir`, else next to this executable.
    static func binDir(_ option: String?) throws -> String {
        let dir = option ?? ((try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            .map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path)
        guard FileManager.default.isExecutableFile(atPath: dir + "/schedd") else {
            throw BenchError("no schedd binary in \(dir): build it with `swift build -c release --product schedd` "
                             + "(or `swift build -c release`), or pass --bin-dir")
        }
        return dir
    }

    private static func logHandle(_ path: String) throws -> FileHandle {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { throw BenchError("cannot write \(path)") }
        handle.seekToEndOfFile()
        return handle
    }

    private static func splitHostPort(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]) else { return nil }
        return (String(text[..<colon]), port)
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
