import SchedulerCore
import SchedulerProtocol

/// `scontrol update NodeName=dgx-[01-02] State=DRAIN Reason="GPU 3 ECC errors"`: the node updates aisched does
/// (drain, resume, down, as `aisubmit admin node`), read as Slurm reads them: KEY=VALUE words, keys in any case.
/// Everything else Slurm's update can change is refused with what to do instead, all problems at once.
public enum ScontrolUpdate {
    public static func request(_ words: [String]) -> Result<NodeControlRequest, ScontrolUpdateError> {
        var nodes: String?
        var state: String?
        var reason: String?
        var problems: [String] = []
        for word in words {
            guard let equals = word.firstIndex(of: "=") else {
                problems.append("\"\(word)\" is not KEY=VALUE")
                continue
            }
            let key = word[..<equals].lowercased()
            let value = String(word[word.index(after: equals)...])
            switch key {
            case "nodename", "nodes": nodes = value
            case "state": state = value
            case "reason": reason = value
            case "jobid", "job":
                problems.append("aisched's scontrol updates nodes only; change jobs with aisubmit hold, release or cancel")
            default:
                problems.append("\(word[..<equals]) cannot be updated here; aisched's scontrol takes NodeName=, State= and Reason=")
            }
        }
        var action: NodeControlAction?
        switch state?.uppercased() {
        case nil: problems.append("State= is missing: DRAIN, RESUME or DOWN")
        case "DRAIN"?: action = .drain
        case "RESUME"?: action = .resume
        case "DOWN"?: action = .down
        case "UNDRAIN"?, "IDLE"?: problems.append("State=\(state!) is not supported; State=RESUME puts the node back in service")
        case let other?: problems.append("State=\(other) is not supported; aisched takes DRAIN, RESUME or DOWN")
        }
        var names: [String] = []
        if let nodes {
            do { names = try Hostlist.expand(nodes) } catch { problems.append("NodeName=\(nodes): \(error)") }
        } else {
            problems.append("NodeName= is missing: the nodes to update, e.g. NodeName=dgx-[01-02]")
        }
        guard problems.isEmpty, let action else { return .failure(ScontrolUpdateError(problems: problems)) }
        return .success(NodeControlRequest(names: names, action: action.rawValue, reason: reason ?? ""))
    }
}

public struct ScontrolUpdateError: Error, CustomStringConvertible, Equatable {
    public var problems: [String]
    public var description: String { "scontrol update: " + problems.joined(separator: "; ") }
}
