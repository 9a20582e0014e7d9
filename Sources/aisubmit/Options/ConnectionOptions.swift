import AischedClient
import ArgumentParser

/// Where schedd is and who we are: flags, else environment, else the config file.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "schedd address HOST:PORT (default: $AISCHED_SERVER or the config file).")
    var server: String?

    @Option(help: "Access token (default: $AISCHED_TOKEN or the config file).")
    var token: String?

    @Option(help: "File holding the access token.")
    var tokenFile: String?

    @Option(help: ArgumentHelp(
        "Seconds to wait for each answer of schedd; 0 = no limit (default: $AISCHED_REQUEST_TIMEOUT, the config file, or 30).",
        discussion: "Per request: waiting commands (wait, logs --follow, run, srun) poll or stream and are not cut by it.",
        valueName: "seconds"))
    var requestTimeout: String?

    @Option(help: "CA certificate (PEM) that signed schedd's TLS certificate; schedd serves TLS (default: $AISCHED_CA or the config file's `ca`).")
    var ca: String?

    var flags: ConnectionFlags {
        ConnectionFlags(server: server, token: token, tokenFile: tokenFile, requestTimeout: requestTimeout, ca: ca)
    }

    static func connect(_ flags: ConnectionFlags) async throws -> RPCConnection {
        let config = try ClientConfig.resolveFromProcess(flags: flags)
        return try await RPCConnection.connect(host: config.server.host, port: config.server.port,
                                               token: config.token, clientName: "aisubmit",
                                               requestTimeout: RequestTimeout.duration(config.requestTimeoutSeconds),
                                               tls: try config.caFile.map(ClientTLS.init(caFile:)))
    }
}
