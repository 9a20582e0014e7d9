import ArgumentParser
import Foundation
import SchedulerCore

/// schedd's configuration file (JSON, see deploy/schedd.config.example.json): scheduler timing and the accounting
/// policy (billing weights, QoS levels, fair-share half-life, priority weights) and backfill (`"backfill": { "mode":
/// "reservations", "reservationDepth": 16 }`). Every field is optional;
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

    /// The file over the built-in defaults (the daemon's flags and the simulator's options go on top).
    var settings: SchedulerSettings {
        let defaults = SchedulerSettings()
        return SchedulerSettings(
            heartbeatInterval: heartbeatSeconds.map { .seconds(Int64($0)) } ?? defaults.heartbeatInterval,
            nodeTimeout: nodeTimeoutSeconds.map { .seconds(Int64($0)) } ?? defaults.nodeTimeout,
            defaultMemoryMBPerCPU: defaultMemoryMBPerCPU ?? defaults.defaultMemoryMBPerCPU,
            accounting: accounting ?? defaults.accounting, backfill: backfill ?? defaults.backfill,
            fullCycleInterval: fullCycleSeconds.map { .seconds(Int64(max(1, $0))) } ?? defaults.fullCycleInterval,
            preemptionGrace: preemptionGraceSeconds.map { .seconds(Int64(max(0, $0))) } ?? defaults.preemptionGrace)
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
        return config
    }
}
