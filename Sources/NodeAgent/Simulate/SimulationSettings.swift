import AischedClient

/// What every virtual node of one `nodeagent simulate` shares: where schedd is and how long jobs "run".
struct SimulationSettings: Sendable {
    var host: String
    var port: Int
    var tls: ClientTLS?
    /// `--run-seconds`: how long a job runs when its command does not say (`VirtualDuration`); nil = its time limit.
    var runSeconds: Double?
}
