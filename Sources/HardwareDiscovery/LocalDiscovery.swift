import Foundation

/// Discovers the machine the node agent runs on: sysfs/procfs at `root`, plus
/// `nvidia-smi -q -x` and `nvidia-smi topo -m` when nvidia-smi is installed.
///
/// nvidia-smi problems (not installed, driver not loaded, timeout) are not fatal: the
/// GPUs are then described from `/proc/driver/nvidia` and PCI sysfs, and the reason is
/// returned in `Result.warnings` so the agent can log it.
public struct LocalDiscovery: Sendable {
    public struct Result: Sendable {
        public var topology: HardwareTopology
        /// Degradations worth logging (e.g. "nvidia-smi ... exited with status 9: ...").
        public var warnings: [String]
    }

    public var root: String
    public var options: SysfsTopologyReader.Options
    /// nvidia-smi to run; nil searches `PATH`. Only consulted when `root` is `/` or the
    /// path is given explicitly, since nvidia-smi always describes the live machine.
    public var nvidiaSMIPath: String?
    public var useNvidiaSMI: Bool
    public var commandTimeoutSeconds: Double

    public init(root: String = "/", options: SysfsTopologyReader.Options = .init(),
                nvidiaSMIPath: String? = nil, useNvidiaSMI: Bool = true, commandTimeoutSeconds: Double = 30) {
        self.root = root
        self.options = options
        self.nvidiaSMIPath = nvidiaSMIPath
        self.useNvidiaSMI = useNvidiaSMI
        self.commandTimeoutSeconds = commandTimeoutSeconds
    }

    public func discover() throws(DiscoveryError) -> Result {
        var warnings: [String] = []
        var records: [NvidiaGPURecord]?
        var matrix: NvidiaTopology?
        if let smi = nvidiaSMI() {
            let runner = CommandRunner(timeoutSeconds: commandTimeoutSeconds)
            do {
                records = try NvidiaSMIXMLParser.parse(try runner.run(smi, ["-q", "-x"]))
                matrix = try NvidiaTopologyMatrixParser.parse(String(decoding: try runner.run(smi, ["topo", "-m"]), as: UTF8.self))
            } catch {
                warnings.append("\(error.description); GPU details come from sysfs only")
            }
        }
        let reader = SysfsTopologyReader(root: root, options: options)
        let topology = try reader.read(nvidiaSMI: records, nvidiaTopology: matrix)
        let unplaced = topology.gpus.filter { $0.numaNode == nil && $0.localCPUs.isEmpty }.map(\.index)
        if !unplaced.isEmpty {
            warnings.append("NUMA locality unknown for GPUs \(unplaced): neither sysfs nor nvidia-smi says where they are")
        }
        return Result(topology: topology, warnings: warnings)
    }

    private func nvidiaSMI() -> String? {
        guard useNvidiaSMI else { return nil }
        if let nvidiaSMIPath { return nvidiaSMIPath }
        return RootedFileSystem(root: root).root == "/" ? CommandRunner.find("nvidia-smi") : nil
    }
}
