import SchedulerCore

/// The Alibaba v2023 node inventory (`openb_node_list_*.csv`: `sn`, `cpu_milli`, `memory_mib`, `gpu`, `model`) as
/// a cluster: each node a `NodeShape` (whole cores; two NUMA domains when the counts split evenly, as the trace
/// README suggests for its 2-socket servers), named by its `sn`. Consecutive nodes of the same shape share one
/// group (and one topology value), so the inventory keeps its order.
public struct AlibabaNodeListReader: Sendable {
    public init() {}

    private struct Row {
        var name: String
        var shape: NodeShape
    }

    public func read(_ text: String) throws(TraceError) -> ClusterSpec {
        let columns = ["sn", "cpu_milli", "memory_mib", "gpu", "model"]
        let rows = try TraceLineWalker(skipBadLines: false).walkCSV(text, columns: columns, in: "Alibaba node list") {
            f, c, _ throws(TraceError) -> Row? in
            let cpus = Int((try f.nonNegative(c[1], "cpu_milli") / 1000).rounded(.down))
            guard cpus >= 1 else { throw f.fail("a node needs at least one CPU") }
            let gpus = try f.integer(c[3], "gpu")
            guard gpus >= 0 else { throw f.fail("gpu \(gpus) is negative") }
            let shape = NodeShape(cpus: cpus, memoryMB: Int64(try f.nonNegative(c[2], "memory_mib")), gpus: gpus,
                                  gpuModel: String(try f.text(c[4], "model")))
            return Row(name: String(try f.text(c[0], "sn")), shape: shape)
        }
        var groups: [ClusterSpec.Group] = []
        var shapes: [NodeShape] = []
        for row in rows.rows {
            if let last = shapes.last, last == row.shape {
                groups[groups.count - 1].names.append(row.name)
            } else {
                shapes.append(row.shape)
                groups.append(.init(names: [row.name], topology: row.shape.topology))
            }
        }
        return ClusterSpec(groups: groups)
    }
}
