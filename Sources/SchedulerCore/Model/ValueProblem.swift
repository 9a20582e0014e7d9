/// Everything wrong with one option's value, found in one reading so the researcher fixes it in one go.
///
/// The core's parsers for Slurm option values (`--signal`, `--mail-type`, `--mail-user`) return it; the client turns
/// it into an error pointing at the option's line, schedd into a `Rejection`.
public struct ValueProblem: Error, Hashable, Sendable {
    /// What is wrong, one entry per problem.
    public var reasons: [String]
    /// Some part asks for something aisched does not do (rather than being misspelt).
    public var isUnsupported: Bool
    /// What a correct value looks like.
    public var hint: String

    public init(reasons: [String], isUnsupported: Bool = false, hint: String) {
        self.reasons = reasons
        self.isUnsupported = isUnsupported
        self.hint = hint
    }

    /// "problem; other problem", then the hint: the text after `--option "value": `.
    public var explanation: String {
        (reasons + [hint]).joined(separator: "; ")
    }

    /// The refusal schedd sends a client that did not check the value itself.
    public func rejection(option: String, value: String) -> Rejection {
        Rejection(.invalidRequest, "\(option) \"\(value)\": \(reasons.joined(separator: "; "))", hint: hint)
    }
}
