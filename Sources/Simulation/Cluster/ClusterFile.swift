import SchedulerCore

/// aisched's cluster file for simulation (JSON, decoded by the shell):
///
///     { "groups": [
///         { "count": 64, "prefix": "dgx", "topology": "../topologies/dgx-h100.json" },
///         { "count": 8, "prefix": "cpu", "cpus": 128, "memoryGB": 512, "numaDomains": 2 },
///         { "count": 352, "prefix": "philly", "cpus": 96, "memoryGB": 512, "gpus": 8, "model": "P100" } ] }
///
/// A group names either a topology file (the `seeds/topologies` format; a path relative to the cluster file) or
/// inline totals. The shell loads topology files and hands them in through `resolve(topologies:)`.
public struct ClusterFile: Decodable, Hashable, Sendable {
    public struct Group: Decodable, Hashable, Sendable {
        public var count: Int
        public var prefix: String
        public var topology: String?
        public var cpus: Int?
        public var memoryGB: Int64?
        public var gpus: Int?
        public var model: String?
        public var numaDomains: Int?
    }

    public var groups: [Group]

    /// Topology paths the shell must load, in file order, without repeats.
    public var topologyPaths: [String] {
        var seen: Set<String> = []
        return groups.compactMap(\.topology).filter { seen.insert($0).inserted }
    }

    public func resolve(topologies: [String: NodeTopology]) throws(TraceError) -> ClusterSpec {
        var groups: [ClusterSpec.Group] = []
        for (index, g) in self.groups.enumerated() {
            let what = "cluster group \(index + 1) (\(g.prefix))"
            guard g.count >= 0 else { throw .badFile(reason: "\(what): count \(g.count) is negative") }
            if let path = g.topology {
                guard let topology = topologies[path] else { throw .badFile(reason: "\(what): topology \(path) not loaded") }
                groups.append(.init(count: g.count, prefix: g.prefix, topology: topology))
                continue
            }
            guard let cpus = g.cpus, cpus >= 1, let memoryGB = g.memoryGB, memoryGB > 0 else {
                throw .badFile(reason: "\(what): give a topology file, or cpus (≥ 1) and memoryGB (> 0)")
            }
            let shape = NodeShape(cpus: cpus, memoryMB: memoryGB * 1024, gpus: max(0, g.gpus ?? 0),
                                  gpuModel: g.model ?? "", numaDomains: g.numaDomains)
            groups.append(.init(count: g.count, prefix: g.prefix, topology: shape.topology))
        }
        return ClusterSpec(groups: groups)
    }
}
