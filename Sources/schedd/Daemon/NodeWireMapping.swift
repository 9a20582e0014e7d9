import SchedulerCore
import SchedulerProtocol

/// The core's view of a node (`NodeReport`) on the wire (`NodeInfo`, kind 31).
enum NodeWireMapping {
    static func info(_ report: NodeReport) -> NodeInfo {
        var info = NodeInfo()
        info.name = report.name
        info.state = report.state.rawValue
        info.notResponding = !report.responding
        info.reason = report.reason
        info.sinceMs = report.since?.milliseconds ?? 0
        info.gpuModel = report.gpuModel ?? ""
        info.gpusTotal = UInt32(clamping: report.gpusTotal)
        info.gpusFree = UInt32(clamping: report.gpusFree)
        info.cpusTotal = UInt32(clamping: report.cpusTotal)
        info.cpusFree = UInt32(clamping: report.cpusFree)
        info.memoryMBTotal = UInt64(clamping: report.memoryMBTotal)
        info.memoryMBFree = UInt64(clamping: report.memoryMBFree)
        info.partitions = report.partitions
        info.features = report.features
        info.reasonBy = report.reasonBy ?? ""
        info.reasonAtMs = report.reasonAt?.milliseconds ?? 0
        return info
    }
}
