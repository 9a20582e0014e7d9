import Logging
import NIOCore
import NIOPosix
import SchedulerProtocol

/// The virtual nodes of one `nodeagent simulate`, all on ONE event loop thread: a node is a connection, a few
/// timers and a little state, not a thread or a task, so thousands fit in one process.
struct SimulatedFleet {
    /// New connections per second at start: thousands at once would overflow schedd's accept backlog (512) and make
    /// the last ones miss its 10-second handshake deadline; 250 a second registers 2,000 nodes in 8 s.
    static let connectsPerSecond = 250

    /// The one thread every node runs on; it lives as long as the process.
    static let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    let names: [String]
    let tokens: [String]
    let registration: RegisterNode
    let settings: SimulationSettings
    let logger: Logger

    /// Starts every node and runs until the process is stopped (SIGINT or SIGTERM end it: the virtual runs leave
    /// nothing behind; schedd sees the nodes' connections close and times them out like real nodes that went away).
    func run() async throws -> Never {
        let loop = Self.group.next()
        let status = FleetStatus(total: names.count, logger: logger)
        for (index, (name, token)) in zip(names, tokens).enumerated() {
            var message = registration
            message.name = name
            message.hostname = name
            let node = SimulatedNode(name: name, token: token, registration: message, settings: settings, loop: loop,
                                     fleet: status, logger: logger)
            node.start(after: .milliseconds(Int64(index * 1000 / Self.connectsPerSecond)))
        }
        logger.info("starting \(names.count) simulated nodes \(names.first ?? "")…\(names.last ?? "") against \(settings.host):\(settings.port)")
        _ = loop.scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(2)) { _ in status.report() }
        while true {
            try await Task.sleep(for: .seconds(3600))
        }
    }
}
