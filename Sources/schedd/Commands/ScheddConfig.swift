import ArgumentParser
import Foundation
import SchedulerCore

/// schedd's configuration file (JSON, see deploy/schedd.config.example.json): scheduler timing and the accounting
/// policy (billing weights, QoS levels, fair-share half-life, priority weights) and backfill (`"backfill": { "mode":
/// "reservations", "reservationDepth": 16 }`), partitions, the mail command (`"mailCommand": "/usr/bin/mail"`), and
/// the input and storage limits (`"maxScriptBytes"`, `"maxPendingJobsPerUser"`, `"storageReserveMB"`, …).
/// Every field is optional;
/// command-line flags win over the file, which wins over the built-in defaults.
struct ScheddConfig: Decodable {
    var heartbeatSeconds: Int?
    var nodeTimeoutSeconds: Int?
    var defaultMemoryMBPerCPU: Int64?
    var accounting: AccountingPolicy?
    var backfill: BackfillPolicy?
    /// Between full scheduling cycles (events run incremental ones in between; docs/BACKFILL.md).
    var fullCycleSeconds: Int?
    /// Slurm's KillWait: between the SIGTERM that stops a job (cancel, preemption, time limit) and the SIGKILL.
    var killWaitSeconds: Int?
    /// The older name of `killWaitSeconds` (it meant the same grace), still read.
    var preemptionGraceSeconds: Int?
    /// Partitions: `[{"name": "gpu", "nodes": "dgx-[01-16]", "default": true, "maxTimeMinutes": 4320}]`.
    var partitions: [PartitionConfig]?
    /// The notifier command for `--mail-type` (Slurm's MailProg), an absolute path; none: jobs asking for mail are
    /// refused. `schedd --mail-command` wins over it.
    var mailCommand: String?
    /// Inputs and storage (docs/OPERATIONS.md, "Inputs and storage limits"): the largest batch script in bytes
    /// (4 MiB), the most jobs one user may have waiting (10,000), how long a submission key is honoured (24 h),
    /// the free space schedd keeps in reserve before refusing new work (256 MB), and a cap on the database's size
    /// (none).
    var maxScriptBytes: Int?
    var maxPendingJobsPerUser: Int?
    var submissionKeyHours: Int?
    var storageReserveMB: Int?
    var maxDatabaseMB: Int?
    /// Seconds a finished job stays in the live queue before it is retired to the history (Slurm's MinJobAge;
    /// default 300). `aisubmit history` finds it in the database afterwards.
    var jobRetentionSeconds: Int?

    /// `storageReserveMB`'s default: room for a day of a busy centre's state changes and charges.
    static let defaultStorageReserveMB = 256
    /// Connection limits (`ConnectionPolicy`; docs/OPERATIONS.md): seconds a user's connection may stay idle (0 =
    /// never closed), open connections per user, per address and in all, and requests in progress per connection.
    var idleTimeoutSeconds: Int?
    var maxConnectionsPerUser: Int?
    var maxConnectionsPerAddress: Int?
    var maxConnections: Int?
    var maxRequestsInFlight: Int?
    /// TLS on the RPC port: the certificate chain and its key, PEM files (docs/SECURITY.md). `--tls-cert` and
    /// `--tls-key` win over them.
    var tlsCertificate: String?
    var tlsKey: String?
    /// The port of the HTTP listener that serves Prometheus' /metrics, on the RPC listener's host (docs/METRICS.md);
    /// none: no listener. `--metrics-port` wins over it.
    var metricsPort: Int?
    /// The port of the web dashboard and JSON API, on the RPC listener's host (docs/HTTP-API.md); none: no listener.
    /// `--http-port` wins over it.
    var httpPort: Int?

    struct PartitionConfig: Decodable {
        var name: String
        /// A Slurm host list: `dgx-[01-16],dgx-20`.
        var nodes: String
        var `default`: Bool?
        var maxTimeMinutes: Int?
    }

    /// The file over the built-in defaults (the daemon's flags and the simulator's options go on top).
    var settings: SchedulerSettings {
        let defaults = SchedulerSettings()
        return SchedulerSettings(
            heartbeatInterval: heartbeatSeconds.map { .seconds(Int64($0)) } ?? defaults.heartbeatInterval,
            nodeTimeout: nodeTimeoutSeconds.map { .seconds(Int64($0)) } ?? defaults.nodeTimeout,
            defaultMemoryMBPerCPU: defaultMemoryMBPerCPU ?? defaults.defaultMemoryMBPerCPU,
            accounting: accounting ?? defaults.accounting, backfill: backfill ?? defaults.backfill,
            fullCycleInterval: fullCycleSeconds.map { .seconds(Int64(max(1, $0))) } ?? defaults.fullCycleInterval,
            killWait: (killWaitSeconds ?? preemptionGraceSeconds).map { .seconds(Int64(max(0, $0))) } ?? defaults.killWait,
            partitions: (try? Self.partitions(partitions ?? [])) ?? [], mailAvailable: mailCommand != nil,
            limits: limits,
            jobRetention: jobRetentionSeconds.map { .seconds(Int64(max(0, $0))) } ?? defaults.jobRetention)
    }

    var limits: InputLimits {
        let defaults = InputLimits()
        return InputLimits(scriptBytes: maxScriptBytes ?? defaults.scriptBytes,
                           pendingJobsPerUser: maxPendingJobsPerUser ?? defaults.pendingJobsPerUser,
                           submissionKeyLifetime: submissionKeyHours.map { .minutes(Int64($0) * 60) }
                               ?? defaults.submissionKeyLifetime)
    }

    /// Every out-of-range input or storage limit, at once.
    func limitProblems() -> [String] {
        var problems: [String] = []
        func atLeast(_ value: Int?, _ least: Int, _ key: String, _ unit: String) {
            if let value, value < least { problems.append("\(key) must be at least \(least) \(unit), not \(value)") }
        }
        atLeast(maxScriptBytes, 1, "maxScriptBytes", "byte")
        atLeast(maxPendingJobsPerUser, 1, "maxPendingJobsPerUser", "job")
        atLeast(submissionKeyHours, 1, "submissionKeyHours", "hour")
        atLeast(storageReserveMB, 1, "storageReserveMB", "MB")
        atLeast(maxDatabaseMB, 2, "maxDatabaseMB", "MB")
        if let problem = Self.portProblem(metricsPort, "metricsPort") { problems.append(problem) }
        if let problem = Self.portProblem(httpPort, "httpPort") { problems.append(problem) }
        atLeast(jobRetentionSeconds, 0, "jobRetentionSeconds", "seconds")
        if let maxDatabaseMB, maxDatabaseMB <= storageReserveMB ?? Self.defaultStorageReserveMB {
            problems.append("maxDatabaseMB (\(maxDatabaseMB)) must be larger than storageReserveMB "
                            + "(\(storageReserveMB ?? Self.defaultStorageReserveMB)), or schedd could take no work at all")
        }
        return problems
    }

    /// Why `port` (from `source`) cannot be a listener's port (metrics, web); nil when it can (0 picks a free one).
    static func portProblem(_ port: Int?, _ source: String) -> String? {
        guard let port, !(0...65535).contains(port) else { return nil }
        return "\(source) must be a TCP port from 0 to 65535, not \(port)"
    }

    /// The file's connection limits over the defaults (`maxConnections` defaults to what the descriptor limit allows).
    func connectionPolicy(descriptorLimit: Int) -> ConnectionPolicy {
        var policy = ConnectionPolicy()
        policy.maxConnections = ConnectionPolicy.connections(forDescriptorLimit: descriptorLimit)
        if let idleTimeoutSeconds { policy.idleTimeoutSeconds = idleTimeoutSeconds }
        if let maxConnectionsPerUser { policy.maxConnectionsPerUser = maxConnectionsPerUser }
        if let maxConnectionsPerAddress { policy.maxConnectionsPerAddress = maxConnectionsPerAddress }
        if let maxConnections { policy.maxConnections = maxConnections }
        if let maxRequestsInFlight { policy.maxRequestsInFlight = maxRequestsInFlight }
        return policy
    }

    /// The partitions with their host lists expanded; every problem at once.
    static func partitions(_ configs: [PartitionConfig]) throws -> [Partition] {
        var problems: [String] = []
        var result: [Partition] = []
        for config in configs {
            do {
                let nodes = try Hostlist.expand(config.nodes)
                result.append(Partition(name: config.name, nodes: nodes, isDefault: config.default ?? false,
                                        maxTime: config.maxTimeMinutes.map { .minutes(Int64($0)) }))
            } catch {
                problems.append("partition \(config.name): nodes \"\(config.nodes)\": \(error)")
            }
            if config.name.isEmpty || config.name.contains(",") { problems.append("partition name \"\(config.name)\" must be non-empty, without commas") }
            if let minutes = config.maxTimeMinutes, minutes < 1 { problems.append("partition \(config.name): maxTimeMinutes must be at least 1") }
        }
        if result.filter(\.isDefault).count > 1 { problems.append("more than one partition has \"default\": true") }
        if Set(configs.map(\.name)).count != configs.count { problems.append("a partition name is used twice") }
        guard problems.isEmpty else { throw ValidationError(problems.joined(separator: "; ")) }
        return result
    }

    static func load(_ path: String?) throws -> ScheddConfig {
        guard let path else { return ScheddConfig() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read the configuration file \(path)")
        }
        let config: ScheddConfig
        do {
            config = try JSONDecoder().decode(ScheddConfig.self, from: data)
        } catch {
            throw ValidationError("\(path) is not a valid schedd configuration: \(error)")
        }
        if let problem = config.accounting?.validate() {
            throw ValidationError("\(path): \(problem.message)")
        }
        do { _ = try partitions(config.partitions ?? []) } catch { throw ValidationError("\(path): \(error)") }
        // Every problem of the file at once: input and storage limits, then connection limits.
        let problems = config.limitProblems() + config.connectionPolicy(descriptorLimit: 1 << 16).problems
        if !problems.isEmpty { throw ValidationError("\(path): " + problems.joined(separator: "; ")) }
        return config
    }
}
