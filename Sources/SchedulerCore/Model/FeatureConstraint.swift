/// Slurm's `--constraint`: node features a job needs. `a100` one feature; `a100&nvlink` all of them; `a100|h100`
/// any of them. A node's features are the ones its agent or admin declares plus the words of its GPU model, so
/// `--constraint=a100` works on any node whose GPUs are A100s. Slurm's counts (`a100*2`), brackets and mixing `&`
/// with `|` are refused with what to write instead.
public enum FeatureConstraint: Hashable, Sendable, Codable, CustomStringConvertible {
    case all([String])
    case any([String])

    public static func parse(_ text: String) -> Result<FeatureConstraint, Rejection> {
        func bad(_ why: String) -> Result<FeatureConstraint, Rejection> {
            .failure(Rejection(.invalidRequest, "--constraint \"\(text)\": \(why)",
                               hint: "write one feature (a100), all of several (a100&nvlink) or any of several (a100|h100)"))
        }
        if text.contains(where: { "[]*()!".contains($0) }) { return bad("counts, brackets and negation are not supported") }
        let hasAnd = text.contains("&") || text.contains(",")
        let hasOr = text.contains("|")
        if hasAnd && hasOr { return bad("mixing & and | is not supported") }
        let words = text.split(omittingEmptySubsequences: false, whereSeparator: { "&|,".contains($0) })
            .map { String($0).trimmingSpaces.lowercased() }
        if words.isEmpty || words.contains(where: { $0.isEmpty }) { return bad("a feature name is empty") }
        if let odd = words.first(where: { !$0.allSatisfy { $0.isLetter || $0.isNumber || "-_.:".contains($0) } }) {
            return bad("\"\(odd)\" is not a feature name")
        }
        return .success(hasOr ? .any(words) : .all(words))
    }

    /// Whether a node with `features` (lower-cased) satisfies the constraint.
    public func isSatisfied(by features: Set<String>) -> Bool {
        switch self {
        case .all(let wanted): wanted.allSatisfy(features.contains)
        case .any(let wanted): wanted.contains(where: features.contains)
        }
    }

    public var description: String {
        switch self {
        case .all(let words): words.joined(separator: "&")
        case .any(let words): words.joined(separator: "|")
        }
    }
}
