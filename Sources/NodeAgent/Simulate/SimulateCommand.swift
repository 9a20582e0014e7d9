import AischedClient
import ArgumentParser
import Foundation
import Glibc
import HardwareDiscovery
import Logging

/// `nodeagent simulate`: N virtual nodes in one process, each registering, heartbeating and "running" the jobs schedd
/// launches on it over the real protocol, so schedd can be tested at the scale of a large centre on one machine
/// (docs/SIMULATION.md, "Simulated nodes").
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run many simulated nodes in one process against a real schedd (scale tests).",
        discussion: """
            Each node registers as PREFIX-0001, PREFIX-0002, … with the hardware of the topology file and its own node \
            token from --token-dir. A job runs for its time limit, or --run-seconds; `true` ends at once and \
            `sleep N` after N seconds; it then exits 0. Nothing is executed.
            """)

    static let maxNodes = 10_000

    @Option(help: "How many nodes to simulate (1–\(Self.maxNodes)).")
    var nodes: Int

    @Option(help: "Topology JSON every node declares as its hardware (e.g. seeds/topologies/dgx-h100.json).")
    var topology: String

    @Option(help: "schedd address HOST:PORT.")
    var server: String = "127.0.0.1:7100"

    @Option(help: "Directory holding NAME.token, a node token for each simulated node (`schedd token issue --role node --user NAME`).")
    var tokenDir: String

    @Option(help: "Node names are PREFIX-0001, PREFIX-0002, …")
    var namePrefix: String = "sim"

    @Option(help: "Seconds a job runs when its command does not say (`true`, `sleep N`). Default: its time limit; without one, until cancelled.")
    var runSeconds: Double?

    @Option(help: "CA certificate (PEM) that signed schedd's TLS certificate, when schedd serves TLS (default: $AISCHED_CA).")
    var ca: String?

    @Option(name: .customLong("feature"), help: "A feature every simulated node has for --constraint; repeatable.")
    var features: [String] = []

    @Option(help: "Log level.")
    var logLevel: String = "info"

    func validate() throws {
        guard (1...Self.maxNodes).contains(nodes) else {
            throw ValidationError("--nodes must be between 1 and \(Self.maxNodes), not \(nodes)")
        }
        if let runSeconds, !(runSeconds.isFinite && runSeconds >= 0) {
            throw ValidationError("--run-seconds must be 0 or more seconds, not \(runSeconds)")
        }
        guard !namePrefix.isEmpty, namePrefix.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw ValidationError("--name-prefix must be letters, digits, - or _, not \"\(namePrefix)\"")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: "nodeagent-simulate")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info

        let (host, port) = try RunCommand.split(server)
        let tls = try RunCommand.clientTLS(ca: ca)
        let hardware: HardwareTopology
        do {
            hardware = try TopologyFile.load(path: topology).topology
        } catch {
            throw SimulationError("cannot use --topology \(topology): \(error) (see seeds/topologies/ for examples)")
        }
        var registration = try NodeRegistration.make(name: "", address: "", topology: hardware)
        registration.features = features
        let names = Self.names(prefix: namePrefix, count: nodes)
        let tokens = try SimulationTokens.load(directory: tokenDir, names: names)
        try Self.ensureDescriptors(nodes + 64)
        let settings = SimulationSettings(host: host, port: port, tls: tls, runSeconds: runSeconds)
        try await SimulatedFleet(names: names, tokens: tokens, registration: registration, settings: settings,
                                 logger: logger).run()
    }

    /// PREFIX-0001 … with at least four digits, more when the count needs them (all the same width, so they sort).
    static func names(prefix: String, count: Int) -> [String] {
        let width = max(4, String(count).count)
        return (1...count).map { index in
            let digits = String(index)
            return prefix + "-" + String(repeating: "0", count: width - digits.count) + digits
        }
    }

    /// Each node holds a connection: raise the soft descriptor limit to the hard one if that is needed, else say how.
    static func ensureDescriptors(_ needed: Int) throws {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        guard limit.rlim_cur < rlim_t(needed) else { return }
        if limit.rlim_max >= rlim_t(needed) {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &raised) == 0 { return }
        }
        throw SimulationError("""
            \(needed) open descriptors are needed (one connection per node) but the limit is \(limit.rlim_cur) \
            (hard \(limit.rlim_max)); raise it (ulimit -n \(needed), or LimitNOFILE) or simulate fewer nodes
            """)
    }
}
