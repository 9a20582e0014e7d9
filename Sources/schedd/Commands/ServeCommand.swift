import ArgumentParser
import Foundation
import Logging
import NIOCore
import NIOPosix
import SchedulerAuth
import SchedulerCore
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

    @Option(help: "Fair-share usage half-life in hours (default 168).")
    var halfLifeHours: Int?

    @Option(help: ArgumentHelp(
        "Notifier for --mail-type (Slurm's MailProg): run as PATH -s SUBJECT RECIPIENT with the job's variables.",
        discussion: "Without one, jobs that ask for mail are refused at submit. See docs/SLURM.md.",
        valueName: "path"))
    var mailCommand: String?

    @Option(help: "Largest accepted frame payload in bytes.")
    var maxFrameBytes: Int = 4 << 20

    @Option(help: ArgumentHelp("Serve TLS with this certificate chain (PEM); needs --tls-key. Default: the config file's tlsCertificate, else plaintext.",
                               valueName: "path"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("The certificate's private key (PEM, readable by schedd only).", valueName: "path"))
    var tlsKey: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func run() async throws {
        let logger = Log.bootstrap(label: "schedd", level: logLevel)
        let dir = StateDirectory(path: stateDir)
        try dir.create()
        let store = try StateStore(path: dir.database, auditRenderer: AdminRequests.renderAudit)
        let signer = try TokenSigner(secret: ClusterSecret.loadOrCreate(at: dir.secret))
        let authenticator = Authenticator(signer: signer)
        authenticator.updateRevoked(try store.revokedTokenIDs())

        let clock = WallClock()
        let file = try ScheddConfig.load(config)
        let notifier = try notifier(from: file, logger: logger)
        let settings = settings(from: file)
        let tls = try serverTLS(from: file)
        let state = try store.load(now: clock.now(), policy: settings.accounting)
        logger.info("loaded \(state.jobs.count) jobs (\(state.pendingIDs.count) pending), \(state.nodes.count) nodes, \(state.accounts.projects.count) projects")
        let service = SchedulerService(scheduler: Scheduler(state: state, settings: settings), store: store,
                                       clock: clock, logger: logger, notifier: notifier)
        HeapTrim.afterLoad()
        let sessions = AgentSessions(logger: logger, credentials: JobCredentials(signer: signer))
        await service.attach(sessions)

        let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        let steps = StepRelay(sessions: sessions, service: service, logger: logger)
        let router = RequestRouter(service: service, sessions: sessions, steps: steps, store: store, logger: logger)
        let server = try await RPCServer(host: listen.host, port: listen.port, authenticator: authenticator,
                                         router: router, logger: logger, maximumPayloadBytes: maxFrameBytes, tls: tls)
            .start(group: group)
        let bound = server.localAddress?.port ?? listen.port
        let address = listen.host.contains(":") ? "[\(listen.host)]:\(bound)" : "\(listen.host):\(bound)"
        try (address + "\n").write(toFile: dir.addressFile, atomically: true, encoding: .utf8)
        logger.info("listening on \(address)\(tls == nil ? " (plaintext)" : " (TLS)"), state in \(stateDir)")

        let timers = Task {
            await Self.runTimers(service: service, store: store, authenticator: authenticator, policy: settings.accounting,
                                 clock: clock, logger: logger)
        }
        let signals = ShutdownSignals { server.close(promise: nil) }
        try await server.closeFuture.get()
        timers.cancel()
        signals.cancel()
        logger.info("stopped")
    }

    /// Flags over the configuration file over the defaults.
    private func settings(from file: ScheddConfig) -> SchedulerSettings {
        var settings = file.settings
        if let halfLifeHours { settings.accounting.usageHalfLife = .minutes(Int64(halfLifeHours) * 60) }
        if let accountingSeconds { settings.accounting.accountingInterval = .seconds(Int64(max(1, accountingSeconds))) }
        if let heartbeatSeconds { settings.heartbeatInterval = .seconds(Int64(heartbeatSeconds)) }
        if let nodeTimeoutSeconds { settings.nodeTimeout = .seconds(Int64(nodeTimeoutSeconds)) }
        if mailCommand != nil { settings.mailAvailable = true }
        return settings
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

    /// Ticks the core every second (node liveness), picks up revoked tokens every 10 s, and folds the usage ledger's
    /// rows that fell behind the burn-rate window every hour (load folds them too).
    private static func runTimers(service: SchedulerService, store: StateStore, authenticator: Authenticator,
                                  policy: AccountingPolicy, clock: WallClock, logger: Logger) async {
        var ticks = 0
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            await service.post(.timerFired)
            ticks += 1
            if ticks % 10 == 0, let revoked = try? store.revokedTokenIDs() {
                authenticator.updateRevoked(revoked)
            }
            if ticks % 3_600 == 0 {
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
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
