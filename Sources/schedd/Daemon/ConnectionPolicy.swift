import NIOCore

/// The limits schedd puts on connections (config file keys and `schedd serve` flags of the same names; see
/// docs/OPERATIONS.md, "Connections and overload").
///
/// - `idleTimeoutSeconds`: a user's or admin's connection with no request in progress for this long is closed.
///   Never closed for idleness: node agents' connections (they heartbeat; a silent node is the node timeout's
///   business), and a connection running a job step (`srun`, `aisubmit run`) or holding an interactive allocation
///   (`aisubmit alloc`/`run`), which legitimately waits while the user works. 0 turns the timeout off.
/// - `maxConnectionsPerUser`: open connections per token subject: a user's (or a node's) own tokens share one count,
///   and each job's token (`srun` and `scontrol` inside the job) has a count of its own, so a user's many jobs
///   running `srun` at once are not held against the user's terminal sessions.
/// - `maxConnectionsPerAddress`: open connections from one IP address, counted from the moment they are accepted
///   (before `hello`), so one host cannot take every descriptor. A login node serving many users needs room.
/// - `maxConnections`: open connections in all; by default what the descriptor limit leaves after a reserve for the
///   database, logs and the mail command, so schedd never runs out of descriptors because of connections.
/// - `maxRequestsInFlight`: requests of one connection being answered at once. Beyond it schedd stops reading that
///   connection (its frames wait in the socket, not in schedd's memory) until one is answered and its reply written.
struct ConnectionPolicy: Sendable, Equatable {
    var idleTimeoutSeconds = 300
    var maxConnectionsPerUser = 256
    var maxConnectionsPerAddress = 1_024
    var maxConnections = 4_096
    var maxRequestsInFlight = 32

    /// Descriptors kept for everything but connections.
    static let reservedDescriptors = 256

    /// `maxConnections` from a descriptor limit.
    static func connections(forDescriptorLimit limit: Int) -> Int {
        max(16, limit - reservedDescriptors)
    }

    var idleTimeout: TimeAmount? {
        idleTimeoutSeconds > 0 ? .seconds(Int64(idleTimeoutSeconds)) : nil
    }

    /// Every value that makes no sense, at once.
    var problems: [String] {
        var problems: [String] = []
        if idleTimeoutSeconds < 0 { problems.append("idleTimeoutSeconds must be 0 (off) or more, not \(idleTimeoutSeconds)") }
        for (name, value) in [("maxConnectionsPerUser", maxConnectionsPerUser),
                              ("maxConnectionsPerAddress", maxConnectionsPerAddress),
                              ("maxConnections", maxConnections), ("maxRequestsInFlight", maxRequestsInFlight)]
            where value < 1 {
            problems.append("\(name) must be at least 1, not \(value)")
        }
        return problems
    }
}
