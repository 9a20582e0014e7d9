@testable import SchedulerCore

/// ASCII pictures of allocations on one node, as in docs/PLACEMENT.md: per NUMA domain, its GPUs and one row of
/// cores per SMT thread, each position showing the job that holds it (`.` when free), then a legend.
///
/// ```
/// NUMA 0  GPUs  0:A 1:B 2:. 3:.
///         t0    AAAABBBB........
///         t1    AAAABBBB........
/// ```
enum AllocationPicture {
    static func render(_ topology: NodeTopology, _ jobs: [(label: Character, part: NodeAllocation)]) -> String {
        var owner: [Int: Character] = [:]
        var gpuOwner: [Int: Character] = [:]
        for (label, part) in jobs {
            for cpu in part.cpus { owner[cpu] = label }
            for gpu in part.gpus { gpuOwner[gpu] = label }
        }
        var lines: [String] = []
        for (position, domain) in topology.numaDomains.enumerated() {
            let cores = topology.domainCores[position].map { topology.cores[$0] }
            let gpus = topology.gpus.filter { $0.numaDomain == domain.id }
            let first = cores.first?.cpus.first ?? 0
            let last = cores.last?.cpus.first ?? 0
            let title = "NUMA \(domain.id)"
            let pad = String(repeating: " ", count: title.count)
            lines.append("\(title)  GPUs   " + gpus.map { "\($0.index):\(gpuOwner[$0.index] ?? ".")" }.joined(separator: " "))
            let threads = cores.map(\.cpus.count).max() ?? 0
            for thread in 0..<threads {
                let row = String(cores.map { $0.cpus.count > thread ? (owner[$0.cpus[thread]] ?? ".") : " " })
                let label = thread == 0 ? "cores \(first)-\(last)" : ""
                lines.append("\(pad)  t\(thread)     " + row + (label.isEmpty ? "" : "   " + label))
            }
        }
        lines.append("")
        for (label, part) in jobs {
            let memory = zip(part.numaNodes, part.numaMemoryMB).map { "\($0.1) MB on NUMA \($0.0)" }.joined(separator: ", ")
            let gpus = part.gpus.isEmpty ? "no GPU" : "GPU\(part.gpus.count == 1 ? "" : "s") \(cpuList(part.gpus))"
            lines.append("\(label): \(gpus), \(part.cpus.count) CPUs \(cpuList(part.cpus)), \(memory)")
        }
        return lines.joined(separator: "\n")
    }

    /// `0-3,112-115` (also for GPU indices).
    static func cpuList(_ cpus: [Int]) -> String {
        var parts: [String] = []
        var i = 0
        let sorted = cpus.sorted()
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count, sorted[j + 1] == sorted[j] + 1 { j += 1 }
            parts.append(i == j ? "\(sorted[i])" : "\(sorted[i])-\(sorted[j])")
            i = j + 1
        }
        return parts.joined(separator: ",")
    }
}
