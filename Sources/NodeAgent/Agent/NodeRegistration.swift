import Foundation
import HardwareDiscovery
import SchedulerProtocol

/// The `registerNode` message for this machine: what the agent offers the scheduler.
enum NodeRegistration {
    static func make(name: String, address: String, topology: HardwareTopology) throws -> RegisterNode {
        let usable = topology.restrictedToAllowed()
        var message = RegisterNode()
        message.name = name
        message.hostname = address
        message.cpuIDs = usable.allowedCPUs.map { UInt32($0) }
        message.cpus = UInt32(message.cpuIDs.count)
        message.memoryMB = UInt64(max(0, usable.totalMemoryMB))
        message.gpus = UInt32(usable.gpus.count)
        message.agentVersion = "aisched nodeagent 0.1.0"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        message.topology = try encoder.encode(usable)
        return message
    }

    /// The short host name, which is also the default node name.
    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        let full = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(full.split(separator: ".").first ?? Substring(full))
    }
}
