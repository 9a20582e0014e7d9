import Logging

/// How the virtual nodes are doing, told in a few lines rather than one per node: how many are registered, and each
/// distinct reason some are not (schedd's connection cap, a bad token, …) with how many nodes it stands for.
///
/// Touched only on the simulation's event loop, like the nodes.
final class FleetStatus: @unchecked Sendable {
    private let total: Int
    private let logger: Logger
    private var registered: Set<String> = []
    /// The latest problem of each node that is not registered.
    private var problems: [String: String] = [:]
    private var everRegistered = false
    private var lastLine = ""

    init(total: Int, logger: Logger) {
        self.total = total
        self.logger = logger
    }

    func registered(_ node: String) {
        registered.insert(node)
        problems[node] = nil
    }

    func lost(_ node: String) {
        registered.remove(node)
    }

    func failed(_ node: String, _ problem: String) {
        registered.remove(node)
        // One line per reason: a server error's hint comes on a line of its own.
        problems[node] = Self.advised(problem.split(separator: "\n").joined(separator: " "))
    }

    /// schedd's hint about its per-address cap is written for people running aisubmit; many simulated nodes on one
    /// host need the cap raised instead.
    static func advised(_ problem: String) -> String {
        guard problem.contains("(maxConnectionsPerAddress)") else { return problem }
        return problem + " (for simulated nodes: start schedd with --max-connections-per-address above the node count)"
    }

    /// Logs the state when it has changed since the last time: e.g. "1,834 of 2,000 simulated nodes registered; not
    /// registered: 166 × schedd has …".
    func report() {
        var line = "\(registered.count) of \(total) simulated nodes registered"
        let counts = Dictionary(grouping: problems.values, by: { $0 }).mapValues(\.count)
        if !counts.isEmpty {
            let worst = counts.sorted { $0.value > $1.value }.prefix(3)
            line += "; not registered: " + worst.map { "\($0.value) × \($0.key)" }.joined(separator: "; ")
        }
        guard line != lastLine else { return }
        lastLine = line
        if registered.count == total, !everRegistered {
            everRegistered = true
            logger.notice("all \(total) simulated nodes registered")
        } else {
            logger.info("\(line)")
        }
    }
}
