/// Why a trace (or a file the simulation reads beside it) cannot be used as given.
public enum TraceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// One line does not parse; `line` is 1-based, as editors number lines.
    case badLine(line: Int, reason: String)
    /// The file lacks something every line depends on (a header, a column).
    case badFile(reason: String)

    public var description: String {
        switch self {
        case let .badLine(line, reason): "line \(line): \(reason)"
        case let .badFile(reason): reason
        }
    }
}
