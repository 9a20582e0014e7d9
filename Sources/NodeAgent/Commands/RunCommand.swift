import AischedClient
import ArgumentParser
import Foundation
import JobExecution
import HardwareDiscovery
import Logging

/// `nodeagent run` (the default): discover the hardware, register with schedd, run jobs.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run the node agent.")

    @Option(help: "schedd address HOST:PORT.")
    var server: String

    @Option(help: "File holding this node's token (`schedd token issue --role node --user NAME`).")
    var tokenFile: String

    @Option(help: "CA certificate (PEM) that signed schedd's TLS certificate, when schedd serves TLS (default: $AISCHED_CA).")
    var ca: String?

    @Option(help: "Node name; must match the token's user. Default: the short host name.")
    var name: String?

    @Option(help: "Address other nodes reach this one at (MASTER_ADDR for multi-node jobs). Default: the node name.")
    var address: String?

    @Option(help: "Declared topology JSON: treat this node as having that hardware (no CPU pinning).")
    var topology: String?

    @Option(name: .customLong("feature"),
            help: "A feature of this node for --constraint (e.g. nvlink, ib); repeatable. GPU model words (a100, h100) are features already.")
    var features: [String] = []

    @Option(help: "Directory for job specs and scripts.")
    var spoolDir: String = "/var/spool/aisched"

    @Option(help: "PATH for jobs whose environment sets none (never the agent's own PATH).")
    var jobPath: String = UserIdentity.defaultPath

    @Option(help: "Refuse to run jobs as users with a smaller uid (root and system accounts). 0 allows root, e.g. for a personal test centre run as root.")
    var minUid: UInt32 = UserIdentity.defaultMinimumUID

    @Option(help: "Log level.")
    var logLevel: String = "info"

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: "nodeagent")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info

        let (host, port) = try Self.split(server)
        guard let tokenText = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
            throw ValidationError("cannot read the token file \(tokenFile)")
        }
        let token = tokenText.trimmingCharacters(in: .whitespacesAndNewlines)
        let tls = try Self.clientTLS(ca: ca)
        let nodeName = name ?? NodeRegistration.hostName()
        let hardware: HardwareTopology
        if let topology {
            hardware = try TopologyFile.load(path: topology).topology
        } else {
            let discovered = try LocalDiscovery().discover()
            for warning in discovered.warnings { logger.warning("discovery: \(warning)") }
            hardware = discovered.topology
        }
        var registration = try NodeRegistration.make(name: nodeName, address: address ?? nodeName, topology: hardware)
        registration.features = features
        try FileManager.default.createDirectory(atPath: spoolDir, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o711])
        logger.info("node \(nodeName): \(registration.cpus) CPUs, \(registration.memoryMB) MB, \(registration.gpus) GPUs\(topology == nil ? "" : " (declared)")")

        let cgroups = CgroupV2.prepare()
        switch cgroups {
        case .success(let cgroup): logger.info("jobs get cgroups under \(cgroup.jobsPath)")
        case .failure(let why): logger.warning("\(why); jobs are pinned with affinity and NUMA policy only")
        }
        var launcher = JobLauncher(spoolDirectory: spoolDir, pinning: topology == nil, hasGPUs: registration.gpus > 0,
                                   cgroups: cgroups)
        launcher.serverAddress = server
        launcher.jobPath = jobPath
        launcher.minimumUID = minUid
        switch SlurmTools.install(spoolDirectory: spoolDir) {
        case .success(let directory): launcher.toolsDirectory = directory
        case .failure(let why): logger.warning("\(why)")
        }
        let agent = AgentDriver(settings: .init(host: host, port: port, token: token, tls: tls, registration: registration),
                                launcher: launcher, logger: logger)
        let (adopted, ended) = await agent.adoptSpool()
        if adopted + ended > 0 {
            logger.info("took back \(adopted) running job part(s) from the spool; \(ended) ended while the agent was away")
        }
        await agent.run()
    }

    /// TLS towards schedd when a CA is given (`--ca`, else $AISCHED_CA). A bad CA file stops the agent here, with what
    /// to do, rather than in every reconnection attempt.
    static func clientTLS(ca: String?) throws -> ClientTLS? {
        let caFile = ca ?? ProcessInfo.processInfo.environment["AISCHED_CA"].flatMap { $0.isEmpty ? nil : $0 }
        do {
            return try caFile.map(ClientTLS.init(caFile:))
        } catch {
            throw ValidationError(error.description)
        }
    }

    static func split(_ server: String) throws -> (String, Int) {
        guard let colon = server.lastIndex(of: ":"), let port = Int(server[server.index(after: colon)...]) else {
            throw ValidationError("--server must be HOST:PORT, not \(server)")
        }
        var host = String(server[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host, port)
    }
}
