/// Where an option came from. Precedence, highest first: `.commandLine`, an `SBATCH_*` variable, `#AISUBMIT`,
/// `#SBATCH` (as in sbatch).
public enum OptionSource: Sendable, Hashable {
    case commandLine
    /// An sbatch input variable such as `SBATCH_TIMELIMIT`.
    case environment(String)
    /// A directive line of a batch script; `line` is 1-based, `text` is the whole line as written.
    case directive(DirectivePrefix, line: Int, text: String)

    /// The 1-based script line, or nil for the command line.
    public var line: Int? {
        if case .directive(_, let line, _) = self { return line }
        return nil
    }

    /// The script line as written, or nil for the command line.
    public var lineText: String? {
        if case .directive(_, _, let text) = self { return text }
        return nil
    }
}

/// The two directive prefixes a batch script may use.
public enum DirectivePrefix: String, Sendable, Hashable, CaseIterable {
    case aisubmit = "#AISUBMIT"
    case sbatch = "#SBATCH"
}

/// Why a batch script or submit command line was rejected.
///
/// `description` is one line (`line 4: --time "1:xx:00": expected …`); `diagnostic` adds the offending
/// script line underneath, which is what `aisubmit` should print.
public struct BatchScriptError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem this is, so callers and tests need not match on message text.
    public enum Kind: Sendable, Equatable {
        case unknownOption
        case missingValue
        /// A flag was given `=value`, or a directive line held a non-option word.
        case unexpectedValue
        case invalidValue
        /// Valid Slurm, but asks for something aisched cannot do (e.g. a node range).
        case unsupported
        /// Two options at the same precedence level contradict each other.
        case conflict
        /// The script text itself is malformed (unterminated quote, CRLF line endings, …).
        case syntax
    }

    public var kind: Kind
    /// 1-based script line, or nil when the problem is on the command line.
    public var line: Int?
    /// The script line as written, or nil when the problem is on the command line.
    public var lineText: String?
    /// What is wrong and what would be right; does not repeat the line number.
    public var message: String
    /// The script's other problems, in line order: porting a script should take one round, not one per line.
    public var others: [BatchScriptError] = []

    public init(_ kind: Kind, line: Int?, lineText: String?, message: String) {
        self.kind = kind
        self.line = line
        self.lineText = lineText
        self.message = message
    }

    /// This problem and the others, each without `others`.
    public var all: [BatchScriptError] {
        var first = self
        first.others = []
        return [first] + others
    }

    /// One error carrying every problem in `problems` (in the order given), or nil when there are none.
    static func combining(_ problems: [BatchScriptError]) -> BatchScriptError? {
        guard var first = problems.first else { return nil }
        first.others = first.others + problems.dropFirst().flatMap(\.all)
        return first
    }

    init(_ kind: Kind, source: OptionSource, message: String) {
        self.init(kind, line: source.line, lineText: source.lineText, message: message)
    }

    public var description: String {
        guard let line else { return message }
        return "line \(line): \(message)"
    }

    /// `description` followed by the script line, indented, for people reading a terminal; every problem when
    /// there are several, under a count.
    public var diagnostic: String {
        guard !others.isEmpty else { return singleDiagnostic }
        let problems = all
        return "\(problems.count) problems; nothing was submitted:\n"
            + problems.map { "  " + $0.singleDiagnostic.split(separator: "\n").joined(separator: "\n  ") }
                .joined(separator: "\n")
    }

    private var singleDiagnostic: String {
        guard let line, let lineText else { return description }
        return "\(description)\n    \(line) | \(lineText)"
    }
}

/// Something accepted but worth telling the user about (an ignored Slurm option, a directive sbatch would skip).
/// The parser only collects these; printing them is the caller's choice.
public struct BatchScriptWarning: Sendable, Hashable, CustomStringConvertible {
    /// 1-based script line, or nil for the command line.
    public var line: Int?
    public var message: String

    public init(line: Int?, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String {
        guard let line else { return message }
        return "line \(line): \(message)"
    }
}
