import ArgumentParser
import Foundation
import Logging
import NIOCore
import NIOPosix
import SchedulerAuth
import SchedulerCore
import SchedulerProtocol
import SchedulerStore

/// `schedd serve`: runs the daemon until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the scheduler daemon.")

    @Option(help: "Directory for the database and the cluster secret (created on first start).")
    var stateDir: String

    @Option(help: "Address to listen on, HOST:PORT (port 0 picks a free port, written to STATE_DIR/schedd.addr).")
    var listen: ListenAddress = ListenAddress(argument: "127.0.0.1:7100")!

    @Option(help: "Configuration file (JSON): timing, billing weights, QoS levels, half-life, priority weights.")
    var config: String?

    @Option(help: "Seconds between node agent heartbeats (default 5).")
    var heartbeatSeconds: Int?

    @Option(help: "Seconds of silence after which a node is DOWN and its jobs NODE_FAIL (default 60).")
    var nodeTimeoutSeconds: Int?

    @Option(help: "Seconds between charges of running jobs; bounds how far a budget can be overrun (default 60).")
    var accountingSeconds: Int?

    @Option(help: "Seconds between samples of the queue for the dashboard's queue-over-time chart (default 60).")
    var queueSampleSeconds: Int = 60

    @Option(help: "Fair-share usage half-life in hours (default 168).")
    var halfLifeHours: Int?

    @Option(help: ArgumentHelp(
        "Notifier for --mail-type (Slurm's MailProg): run as PATH -s SUBJECT RECIPIENT with the job's variables.",
        discussion: "Without one, jobs that ask for mail are refused at submit. See docs/SLURM.md.",
        valueName: "path"))
    var mailCommand: String?

    @Option(help: "Seconds a finished job stays in the live queue before it moves to the history (default 300, as Slurm's MinJobAge).")
    var jobRetentionSeconds: Int?

    @Option(help: "Largest accepted frame payload in bytes.")
    var maxFrameBytes: Int = 4 << 20

    @Option(help: ArgumentHelp(
        "Seconds a user's connection may stay without a request before schedd closes it; 0 = never (default 300).",
        discussion: "Agents' connections, and connections running a step or holding an interactive allocation, are never closed for idleness."))
    var idleTimeoutSeconds: Int?

    @Option(help: "Open connections per user (a job's own token counts for its job) (default 256).")
    var maxConnectionsPerUser: Int?

    @Option(help: "Open connections per remote IP address, counted before authentication (default 1024).")
    var maxConnectionsPerAddress: Int?

    @Option(help: "Open connections in all (default: the descriptor limit less 256).")
    var maxConnections: Int?

    @Option(help: "Requests of one connection answered at once; beyond it schedd stops reading that connection (default 32).")
    var maxRequestsInFlight: Int?

    @Option(help: ArgumentHelp("Serve TLS with this certificate chain (PEM); needs --tls-key. Default: the config file's tlsCertificate, else plaintext.",
                               valueName: "path"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("The certificate's private key (PEM, readable by schedd only).", valueName: "path"))
    var tlsKey: String?

    @Option(help: ArgumentHelp(
        "Serve Prometheus metrics at http://HOST:PORT/metrics, HOST being --listen's (0 picks a free port, written to STATE_DIR/metrics.addr).",
        discussion: "Default: the config file's metricsPort, else no metrics listener. docs/METRICS.md lists the metrics.",
        valueName: "port"))
    var metricsPort: Int?

    @Option(help: ArgumentHelp(
        "Serve the web dashboard and JSON API at http://HOST:PORT/, HOST being --listen's (0 picks a free port, written to STATE_DIR/http.addr).",
        discussion: "Default: the config file's httpPort, else none. docs/HTTP-API.md and docs/DASHBOARD.md describe them.",
        valueName: "port"))
    var httpPort: Int?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func run() async throws {
        let logger = Log.bootstrap(label: "schedd", level: logLevel)
        let dir = StateDirectory(path: stateDir)
        try dir.create()
        let file = try ScheddConfig.load(config)
        let store = try StateStore(path: dir.database, maximumBytes: file.maxDatabaseMB.map { Int64($0) << 20 },
                                   auditRenderer: AdminRequests.renderAudit)
        let signer = try TokenSigner(secret: ClusterSecret.loadOrCreate(at: dir.secret))
        let authenticator = Authenticator(signer: signer)
        authenticator.updateRevoked(try store.revokedTokenIDs())

        let clock = WallClock()
        let descriptors = DescriptorLimit.raised()
        let policy = try connectionPolicy(from: file, descriptorLimit: descriptors)
        logger.info("connections: at most \(policy.maxConnections) (descriptor limit \(descriptors)), \(policy.maxConnectionsPerAddress) per address, \(policy.maxConnectionsPerUser) per user, \(policy.maxRequestsInFlight) requests in flight each; idle timeout \(policy.idleTimeoutSeconds) s")
        let notifier = try notifier(from: file, logger: logger)
        let settings = settings(from: file)
        let tls = try serverTLS(from: file)
        let metricsPort = try resolvedPort(metricsPort, "--metrics-port", else: file.metricsPort)
        let metrics = metricsPort.map { _ in ScheddMetrics() }
        let state = try store.load(now: clock.now(), policy: settings.accounting,
                                   submissionKeyLifetime: settings.limits.submissionKeyLifetime)
        logger.info("loaded \(state.jobs.count) jobs (\(state.pendingIDs.count) pending), \(state.nodes.count) nodes, \(state.accounts.projects.count) projects")
        let storage = StorageGuard(store: store,
                                   reserveBytes: Int64(file.storageReserveMB ?? ScheddConfig.defaultStorageReserveMB) << 20)
        if let room = try? store.room(), room.bytes < storage.reserveBytes {
            logger.warning("the state database has \(StorageGuard.size(room.bytes)) of room, less than the reserve of \(StorageGuard.size(storage.reserveBytes)): new jobs are refused until an admin frees space in \(stateDir)")
        }
        let service = SchedulerService(scheduler: Scheduler(state: state, settings: settings), store: store,
                                       clock: clock, logger: logger, notifier: notifier, storage: storage,
                                       metrics: metrics)
        HeapTrim.afterLoad()
        HeapTrim.periodically()
        let sessions = AgentSessions(logger: logger, credentials: JobCredentials(signer: signer))
        await service.attach(sessions)

        let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        let steps = StepRelay(sessions: sessions, service: service, logger: logger)
        let queries = QueryPool(service: service)
        let registry = ConnectionRegistry(policy: policy, logger: logger)
        let router = RequestRouter(service: service, queries: queries, sessions: sessions, steps: steps, store: store,
                                   logger: logger, budget: ReplyBudget(maximumPayloadBytes: maxFrameBytes),
                                   metrics: metrics)
        // Before the RPC listener: a metrics port that cannot be had stops schedd before it takes any work.
        let metricsServer = try await startMetrics(metrics, port: metricsPort, queries: queries, clock: clock,
                                                   group: group, directory: dir, logger: logger)
        let web = try await startWeb(port: try resolvedPort(httpPort, "--http-port", else: file.httpPort), router: router, authenticator: authenticator,
                                     group: group, directory: dir, logger: logger)
        let server = try await RPCServer(host: listen.host, port: listen.port, authenticator: authenticator,
                                         router: router, registry: registry, logger: logger,
                                         maximumPayloadBytes: maxFrameBytes, tls: tls)
            .start(group: group)
        let bound = server.localAddress?.port ?? listen.port
        let address = listenAddress(port: bound)
        try (address + "\n").write(toFile: dir.addressFile, atomically: true, encoding: .utf8)
        logger.info("listening on \(address)\(tls == nil ? " (plaintext)" : " (TLS)"), state in \(stateDir)")

        let timers = Task {
            await Self.runTimers(service: service, store: store, policy: settings.accounting, clock: clock, logger: logger)
        }
        let revocations = Task {
            await Self.watchRevocations(store: store, authenticator: authenticator, registry: registry, logger: logger)
        }
        let sampler = Task {
            await QueueSampler(queries: queries, store: store, clock: clock, logger: logger,
                               interval: .seconds(max(1, queueSampleSeconds))).run()
        }
        let signals = ShutdownSignals { server.close(promise: nil) }
        try await server.closeFuture.get()
        try? await metricsServer?.close()
        web?.cancel()
        timers.cancel()
        revocations.cancel()
        sampler.cancel()
        signals.cancel()
        await queries.shutdown()
        logger.info("stopped")
    }

    /// Flags over the configuration file over the defaults; every bad value at once.
    private func connectionPolicy(from file: ScheddConfig, descriptorLimit: Int) throws -> ConnectionPolicy {
        var policy = file.connectionPolicy(descriptorLimit: descriptorLimit)
        if let idleTimeoutSeconds { policy.idleTimeoutSeconds = idleTimeoutSeconds }
        if let maxConnectionsPerUser { policy.maxConnectionsPerUser = maxConnectionsPerUser }
        if let maxConnectionsPerAddress { policy.maxConnectionsPerAddress = maxConnectionsPerAddress }
        if let maxConnections { policy.maxConnections = maxConnections }
        if let maxRequestsInFlight { policy.maxRequestsInFlight = maxRequestsInFlight }
        guard policy.problems.isEmpty else { throw ValidationError(policy.problems.joined(separator: "; ")) }
        return policy
    }

    /// Flags over the configuration file over the defaults.
    private func settings(from file: ScheddConfig) -> SchedulerSettings {
        var settings = file.settings
        if let halfLifeHours { settings.accounting.usageHalfLife = .minutes(Int64(halfLifeHours) * 60) }
        if let accountingSeconds { settings.accounting.accountingInterval = .seconds(Int64(max(1, accountingSeconds))) }
        if let heartbeatSeconds { settings.heartbeatInterval = .seconds(Int64(heartbeatSeconds)) }
        if let nodeTimeoutSeconds { settings.nodeTimeout = .seconds(Int64(nodeTimeoutSeconds)) }
        if mailCommand != nil { settings.mailAvailable = true }
        if let jobRetentionSeconds { settings.jobRetention = .seconds(Int64(max(0, jobRetentionSeconds))) }
        return settings
    }

    /// `--listen`'s host with `port`, as the address files hold it (an IPv6 host in brackets).
    private func listenAddress(port: Int) -> String {
        listen.host.contains(":") ? "[\(listen.host)]:\(port)" : "\(listen.host):\(port)"
    }

    /// The /metrics listener on `--listen`'s host, its address written to the state directory; nil without a port.
    private func startMetrics(_ metrics: ScheddMetrics?, port: Int?, queries: QueryPool, clock: WallClock,
                              group: MultiThreadedEventLoopGroup, directory: StateDirectory,
                              logger: Logger) async throws -> (any Channel)? {
        guard let metrics, let port else {
            try? FileManager.default.removeItem(atPath: directory.metricsAddressFile) // a former run's, now wrong
            return nil
        }
        let exposition = MetricsExposition(metrics: metrics, queries: queries, clock: clock)
        let channel: any Channel
        do {
            channel = try await MetricsServer(host: listen.host, port: port, scrape: exposition.scrape, logger: logger)
                .start(group: group)
        } catch {
            throw ValidationError("cannot serve metrics on \(listen.host) port \(port): \(error); choose another "
                                  + "--metrics-port (or metricsPort in the config file), or stop what holds this one")
        }
        let bound = channel.localAddress?.port ?? port
        let address = listenAddress(port: bound)
        try (address + "\n").write(toFile: directory.metricsAddressFile, atomically: true, encoding: .utf8)
        logger.info("metrics at http://\(address)/metrics")
        return channel
    }

    /// The web listener on `--listen`'s host, its address written to the state directory; nil without a port.
    private func startWeb(port: Int?, router: RequestRouter, authenticator: Authenticator,
                          group: MultiThreadedEventLoopGroup, directory: StateDirectory,
                          logger: Logger) async throws -> Task<Void, any Error>? {
        guard let port else {
            try? FileManager.default.removeItem(atPath: directory.httpAddressFile) // a former run's, now wrong
            return nil
        }
        let started: (port: Int, task: Task<Void, any Error>)
        do {
            started = try await WebServer(host: listen.host, port: port, router: router, authenticator: authenticator,
                                          sessions: WebSessions(), logger: logger).start(group: group)
        } catch {
            throw ValidationError("cannot serve the web dashboard on \(listen.host) port \(port): \(error); choose "
                                  + "another --http-port (or httpPort in the config file), or stop what holds this one")
        }
        let address = listenAddress(port: started.port)
        try (address + "\n").write(toFile: directory.httpAddressFile, atomically: true, encoding: .utf8)
        logger.info("web dashboard at http://\(address)/")
        return started.task
    }

    /// An optional listener's port (metrics, web) from its flag, else the file; nil: none.
    private func resolvedPort(_ flag: Int?, _ option: String, else fromFile: Int?) throws -> Int? {
        if let problem = ScheddConfig.portProblem(flag, option) { throw ValidationError(problem) }
        return flag ?? fromFile
    }

    /// TLS from the flags, else the file: both files or neither (plaintext, the loopback default). Every problem with
    /// them stops schedd here, at once.
    private func serverTLS(from file: ScheddConfig) throws -> ServerTLS? {
        let certificate = tlsCert ?? file.tlsCertificate
        let key = tlsKey ?? file.tlsKey
        switch (certificate, key) {
        case (nil, nil): return nil
        case (let certificate?, let key?):
            do {
                return try ServerTLS(certificateFile: certificate, keyFile: key)
            } catch {
                throw ValidationError("\(error)")
            }
        case (nil, _?): throw ValidationError("--tls-key needs --tls-cert (or tlsCertificate in the config file)")
        case (_?, nil): throw ValidationError("--tls-cert needs --tls-key (or tlsKey in the config file)")
        }
    }

    /// The mail command of the flag, else of the file; a path that cannot be run stops schedd here.
    private func notifier(from file: ScheddConfig, logger: Logger) throws -> MailNotifier? {
        guard let path = mailCommand ?? file.mailCommand else { return nil }
        if let problem = MailNotifier.problem(with: path) { throw ValidationError(problem) }
        logger.info("job mail goes through \(path)")
        return MailNotifier(command: path, logger: logger)
    }

    /// Ticks the core every second (node liveness), and folds the usage ledger's rows that fell behind the
    /// burn-rate window every hour (load folds them too).
    private static func runTimers(service: SchedulerService, store: StateStore, policy: AccountingPolicy,
                                  clock: WallClock, logger: Logger) async {
        var ticks = 0
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            await service.post(.timerFired)
            ticks += 1
            if ticks % 3_600 == 0 { compactLedger(store: store, policy: policy, clock: clock, logger: logger) }
        }
    }

    private static func compactLedger(store: StateStore, policy: AccountingPolicy, clock: WallClock, logger: Logger) {
        do {
            let cutoff = StateStore.compactionCutoff(now: clock.now(), policy: policy)
            let done = try store.compactLedger(endingBefore: cutoff, halfLife: policy.usageHalfLife)
            if done.rowsAfter < done.rowsBefore {
                logger.info("usage ledger: \(done.rowsBefore) rows folded into \(done.rowsAfter)")
            }
        } catch {
            logger.error("\(error)") // the rows stay as they are; the next hour tries again
        }
    }

    /// How often schedd re-reads the revoked tokens (`schedd token revoke` writes them from another process).
    static let revocationInterval = Duration.seconds(2)

    /// Picks up revoked tokens and closes the connections they opened: a revoked node token's agent is cut off (no
    /// more launches; its node goes down by the node timeout, as any silent node).
    private static func watchRevocations(store: StateStore, authenticator: Authenticator,
                                         registry: ConnectionRegistry, logger: Logger) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: revocationInterval)
            guard let revoked = try? store.revokedTokenIDs() else { continue }
            let newly = authenticator.updateRevoked(revoked)
            // All revoked tokens, not only the new ones: a connection that authenticated while the set was being
            // swapped is caught on the next round.
            let channels = registry.channels(authenticatedWith: revoked)
            guard !newly.isEmpty || !channels.isEmpty else { continue }
            logger.info("revoked token(s) \(newly.sorted().joined(separator: ", ")): closing \(channels.count) connection(s)")
            for channel in channels {
                channel.pipeline.fireUserInboundEventTriggered(ConnectionHandler.End(reply: ErrorReply(
                    code: .unauthenticated, message: "the token of this connection was revoked",
                    hint: "ask an admin for a new token (schedd token issue)")))
            }
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
