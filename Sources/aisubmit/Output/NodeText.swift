import AischedClient
import SchedulerCore
import SchedulerProtocol

/// Human-readable renderings of nodes (`aisubmit nodes`).
enum NodeText {
    static func table(_ nodes: [NodeInfo], header: Bool) -> String {
        var rows = [["NODE", "PARTITION", "STATE", "GPUS(FREE/TOTAL)", "GPU_MODEL", "CPUS(FREE/TOTAL)",
                     "MEMORY(FREE/TOTAL)", "FEATURES", "REASON"]]
        for n in nodes {
            rows.append([n.name, n.partitions.isEmpty ? "-" : n.partitions.joined(separator: ","), n.displayState,
                         "\(n.gpusFree)/\(n.gpusTotal)", model(n.gpuModel),
                         "\(n.cpusFree)/\(n.cpusTotal)", memory(n.memoryMBFree) + "/" + memory(n.memoryMBTotal),
                         n.features.isEmpty ? "-" : n.features.joined(separator: ","), reason(n)])
        }
        return JobText.align(header ? rows : Array(rows.dropFirst()))
    }

    static func summary(_ groups: [NodeSummary], header: Bool) -> String {
        var rows = [["STATE", "GPU_MODEL", "NODES", "GPUS(FREE/TOTAL)", "CPUS(FREE/TOTAL)", "MEMORY(FREE/TOTAL)", "NODELIST"]]
        for g in groups {
            rows.append([g.state, model(g.gpuModel), String(g.nodes.count), "\(g.gpusFree)/\(g.gpusTotal)",
                         "\(g.cpusFree)/\(g.cpusTotal)", memory(g.memoryMBFree) + "/" + memory(g.memoryMBTotal),
                         Hostlist.compress(g.nodes)])
        }
        return JobText.align(header ? rows : Array(rows.dropFirst()))
    }

    /// `aisubmit nodes -R` (sinfo -R): one line per reason, with who gave it, when, and its nodes.
    static func reasons(_ lines: [NodeReasonLine], header: Bool) -> String {
        var rows = [["REASON", "USER", "TIMESTAMP", "NODELIST"]]
        for line in lines {
            rows.append([line.reason, line.user.isEmpty ? "-" : line.user, JobText.stamp(line.atMs),
                         Hostlist.compress(line.nodes)])
        }
        return JobText.align(header ? rows : Array(rows.dropFirst()))
    }

    static func model(_ name: String) -> String { name.isEmpty ? "-" : name }

    /// Whole GiB from 1 GiB up (a DGX's 2 TB reads 2014G), else MiB, as sinfo's memory is read by people.
    static func memory(_ mb: UInt64) -> String {
        mb >= 1024 ? "\(mb / 1024)G" : "\(mb)M"
    }

    /// The reason: an admin's with who gave it and when, or since when a node stopped responding.
    static func reason(_ node: NodeInfo) -> String {
        if !node.reasonBy.isEmpty { return "\(node.reason) (\(node.reasonBy), \(JobText.stamp(node.reasonAtMs)))" }
        return node.sinceMs == 0 ? node.reason : "\(node.reason) since \(JobText.stamp(node.sinceMs))"
    }
}
