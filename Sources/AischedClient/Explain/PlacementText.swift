import SchedulerCore
import SchedulerProtocol

/// `aisubmit show`'s sentence about where a pending job could go: "of 2,000 nodes: 1,620 have too few free GPUs,
/// 300 lack the GPU model, 80 are drained". Each node is counted once, under the first filter that turned it down.
public enum PlacementText {
    public static func sentence(_ report: PlacementReportInfo) -> String {
        let total = Int(report.nodesEvaluated)
        var parts = report.rejections.map { phrase(Int($0.nodes), $0.reason) }
        if report.nodesFitting > 0 { parts.append(phrase(Int(report.nodesFitting), verb: "has", "have", "room for it now")) }
        let head = "of \(DigitGrouping.grouped(total)) node\(total == 1 ? "" : "s")"
        return parts.isEmpty ? head : head + ": " + parts.joined(separator: ", ")
    }

    private static func phrase(_ count: Int, _ reason: String) -> String {
        guard let rejection = PlacementRejection(rawValue: reason) else {
            return phrase(count, verb: "is", "are", "turned down (\(reason))") // from a newer schedd
        }
        return switch rejection {
        case .gpuModel: phrase(count, verb: "lacks", "lack", "the GPU model")
        case .notInPartition: phrase(count, verb: "is", "are", "outside its partitions")
        case .missingFeature: phrase(count, verb: "lacks", "lack", "a --constraint feature")
        case .tooFewCPUs: phrase(count, verb: "has", "have", "too few CPUs")
        case .tooFewGPUs: phrase(count, verb: "has", "have", "too few GPUs")
        case .tooLittleMemory: phrase(count, verb: "has", "have", "too little memory")
        case .nodeDown: phrase(count, verb: "is", "are", "down")
        case .nodeDrained: phrase(count, verb: "is", "are", "drained")
        case .nodeDisconnected: phrase(count, verb: "is", "are", "not connected")
        case .nodeNotIdle: phrase(count, verb: "is", "are", "not idle (--exclusive)")
        case .cpusBusy: phrase(count, verb: "has", "have", "too few free CPUs")
        case .gpusBusy: phrase(count, verb: "has", "have", "too few free GPUs")
        case .memoryBusy: phrase(count, verb: "has", "have", "too little free memory")
        case .doesNotFit: phrase(count, verb: "has", "have", "no exact fit for it")
        }
    }

    private static func phrase(_ count: Int, verb singular: String, _ plural: String, _ rest: String) -> String {
        "\(DigitGrouping.grouped(count)) \(count == 1 ? singular : plural) \(rest)"
    }
}
