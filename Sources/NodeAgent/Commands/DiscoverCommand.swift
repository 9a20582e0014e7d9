import ArgumentParser
import Foundation
import HardwareDiscovery

/// `nodeagent discover`: print the hardware this agent would register.
struct DiscoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discover",
        abstract: "Print the NUMA nodes, cores and GPUs found on this machine (or in a dump).")

    @Option(help: "Read sysfs/procfs from this root instead of / (like hwloc's HWLOC_FSROOT).")
    var sysfsRoot: String?

    @Option(help: "Use this `nvidia-smi -q -x` output instead of running nvidia-smi.")
    var nvidiaSmiXml: String?

    @Option(help: "Use this `nvidia-smi topo -m` output for GPU links.")
    var nvidiaTopo: String?

    @Option(help: "Print a declared topology file instead of discovering.")
    var topology: String?

    @Flag(help: "Print JSON (the default is a short summary).")
    var json = false

    private func discover() throws -> HardwareTopology {
        if let topology { return try TopologyFile.load(path: topology).topology }
        let root = sysfsRoot ?? "/"
        guard nvidiaSmiXml != nil || nvidiaTopo != nil else {
            let result = try LocalDiscovery(root: root).discover()
            for warning in result.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
            return result.topology
        }
        let records = try nvidiaSmiXml.map { try NvidiaSMIXMLParser.parse(try Self.read($0)) }
        let links = try nvidiaTopo.map { try NvidiaTopologyMatrixParser.parse(String(decoding: try Self.read($0), as: UTF8.self)) }
        return try SysfsTopologyReader(root: root).read(nvidiaSMI: records, nvidiaTopology: links)
    }

    private static func read(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
        return data
    }

    func run() throws {
        let hardware = try discover()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(hardware), as: UTF8.self))
            return
        }
        print("NUMA nodes: \(hardware.numaNodes.count), sockets: \(hardware.sockets.count), cores: \(hardware.cores.count), CPUs: \(hardware.onlineCPUs.count) online, \(hardware.allowedCPUs.count) allowed, memory: \(hardware.totalMemoryMB) MB")
        for node in hardware.numaNodes {
            print("  numa \(node.id): cpus \(node.cpus), \(node.memoryMB) MB")
        }
        for gpu in hardware.gpus {
            print("  gpu \(gpu.index): \(gpu.model), \(gpu.memoryMB.map { "\($0) MB" } ?? "memory unknown"), \(gpu.pciBusID), numa \(gpu.numaNode.map(String.init) ?? "unknown")")
        }
    }
}
