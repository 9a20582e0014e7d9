import ArgumentParser
import Foundation
import SchedulerCore

/// schedd's configuration file (JSON, see deploy/schedd.config.example.json): scheduler timing and the accounting
/// policy (billing weights, QoS levels, fair-share half-life, priority weights). Every field is optional;
/// command-line flags win over the file, which wins over the built-in defaults.
struct ScheddConfig: Decodable {
    var heartbeatSeconds: Int?
    var nodeTimeoutSeconds: Int?
    var defaultMemoryMBPerCPU: Int64?
    var accounting: AccountingPolicy?

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
