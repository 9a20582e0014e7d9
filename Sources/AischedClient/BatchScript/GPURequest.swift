/// GPUs asked for by `--gres=gpu…`, `--gpus-per-node` or `-G/--gpus`.
///
/// Kept in the form it was given because a total (`--gpus`) can be divided over the nodes only once the
/// node count is known, and that may come from a higher-precedence source.
public struct GPURequest: Sendable, Hashable {
    public enum Scope: Sendable, Hashable {
        case perNode
        /// For each task (`--gpus-per-task`): times the tasks on a node.
        case perTask
        /// Across the whole job; must divide evenly by the node count.
        case total
    }

    public var count: UInt32
    /// nil when any model will do.
    public var model: String?
    public var scope: Scope

    public init(count: UInt32, model: String? = nil, scope: Scope) {
        self.count = count
        self.model = model
        self.scope = scope
    }

    /// `[model:]N`, as taken by `--gpus-per-node` and `--gpus`.
    static func parse(count text: String, scope: Scope) throws(InvalidValue) -> GPURequest {
        let expected = "expected a GPU count or MODEL:COUNT, e.g. 8 or a100:8"
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let count = OptionText.wholeNumber(parts[parts.count - 1]) else {
            throw InvalidValue(expected: expected)
        }
        var model: String?
        if parts.count == 2 {
            guard !parts[0].isEmpty else { throw InvalidValue(expected: expected) }
            model = String(parts[0])
        }
        return GPURequest(count: count, model: model, scope: scope)
    }

    /// One `--gres` entry whose name is `gpu`: `gpu`, `gpu:N`, `gpu:MODEL` or `gpu:MODEL:N` (count 1 when omitted,
    /// as in Slurm). Returns nil for other resources so the caller can decide what to do with them.
    static func parse(gresEntry entry: Substring) throws(InvalidValue) -> GPURequest? {
        let expected = "expected gpu[:MODEL][:COUNT], e.g. gpu:8 or gpu:a100:8"
        let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
        guard parts[0] == "gpu" else { return nil }
        switch parts.count {
        case 1:
            return GPURequest(count: 1, scope: .perNode)
        case 2:
            if let count = OptionText.wholeNumber(parts[1]) { return GPURequest(count: count, scope: .perNode) }
            guard !parts[1].isEmpty, !OptionText.isDigit(parts[1].first!) else { throw InvalidValue(expected: expected) }
            return GPURequest(count: 1, model: String(parts[1]), scope: .perNode)
        case 3:
            guard !parts[1].isEmpty, let count = OptionText.wholeNumber(parts[2]) else { throw InvalidValue(expected: expected) }
            return GPURequest(count: count, model: String(parts[1]), scope: .perNode)
        default:
            throw InvalidValue(expected: expected)
        }
    }
}
