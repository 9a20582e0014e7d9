import ArgumentParser
import Foundation
import SchedulerCore

/// schedd's configuration file (JSON, see deploy/schedd.config.example.json): scheduler timing and the accounting
/// policy (billing weights, QoS levels, fair-share half-life, priority weights) and backfill (`"backfill": { "mode":
/// "reservations", "reservationDepth": 16 }`), partitions, and the mail command (`"mailCommand": "/usr/bin/mail"`).
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
    /// A preempted scavenger job's resources count as free this long after its kill (the agent's grace period).
    var preemptionGraceSeconds: Int?
    /// Partitions: `[{"name": "gpu", "nodes": "dgx-[01-16]", "default": true, "maxTimeMinutes": 4320}]`.
    var partitions: [PartitionConfig]?
    /// The notifier command for `--mail-type` (Slurm's MailProg), an absolute path; none: jobs asking for mail are
    /// refused. `schedd --mail-command` wins over it.
    var mailCommand: String?
    /// TLS on the RPC port: the certificate chain and its key, PEM files (docs/SECURITY.md). `--tls-cert` and
    /// `--tls-key` win over them.
    var tlsCertificate: String?
    var tlsKey: String?

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
            preemptionGrace: preemptionGraceSeconds.map { .seconds(Int64(max(0, $0))) } ?? defaults.preemptionGrace,
            partitions: (try? Self.partitions(partitions ?? [])) ?? [], mailAvailable: mailCommand != nil)
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
        return config
    }
}
