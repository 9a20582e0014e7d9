/// A batch script with its `#AISUBMIT` and `#SBATCH` directives parsed.
///
/// Directives are read only from the header, as sbatch does: after an optional `#!` line, until the first
/// line that is neither blank, nor a comment, nor a directive. Existing Slurm scripts therefore keep the
/// exact meaning they have under sbatch, including `##SBATCH` and `# SBATCH` being comments.
public struct BatchScript: Sendable, Equatable {
    /// The script exactly as given; this is what the job runs.
    public let text: String
    /// The `#!` line without `#!` (e.g. `/bin/bash -l`), or nil when the script has none.
    public let interpreter: String?
    /// Options from `#SBATCH` lines (lowest precedence).
    public let sbatchOptions: SubmitOptions
    /// Options from `#AISUBMIT` lines (override `#SBATCH`).
    public let aisubmitOptions: SubmitOptions
    /// Number of header lines: the first command, if any, is on line `headerLineCount + 1`.
    public let headerLineCount: Int
    /// Notes about the script itself (directives after the header, indented directives), in line order.
    public let scanWarnings: [BatchScriptWarning]

    /// `#AISUBMIT` over `#SBATCH`.
    public var options: SubmitOptions { aisubmitOptions.merged(over: sbatchOptions) }

    /// Every warning for this script, ignored options included, in line order.
    public var warnings: [BatchScriptWarning] {
        SubmitOptions.lineOrder(scanWarnings + options.warnings)
    }

    public init(parsing text: String) throws(BatchScriptError) {
        self.text = text
        var sbatch = SubmitOptions()
        var aisubmit = SubmitOptions()
        var interpreter: String?
        var scanWarnings: [BatchScriptWarning] = []
        var firstCommandLine: Int?
        // Every directive line is read even after a bad one, so that all problems are reported at once.
        var problems: [BatchScriptError] = []

        // "\r\n" is one Character in Swift, so it must be named as a separator to be split on at all.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (offset, line) in lines.enumerated() {
            let number = offset + 1
            if line.endIndex < text.endIndex, text[line.endIndex] == "\r\n" {
                throw BatchScriptError(.syntax, line: number, lineText: String(line),
                                       message: "the script has DOS (CRLF) line endings, which sbatch rejects too and "
                                       + "shells misread; convert it with dos2unix")
            }
            if number == 1, line.hasPrefix("#!") {
                interpreter = OptionText.trimmingBlanks(line.dropFirst(2))
                continue
            }
            if let firstCommandLine {
                if Self.directivePrefix(ofIndented: line) != nil {
                    scanWarnings.append(BatchScriptWarning(line: number, message:
                        "directive after the first command (line \(firstCommandLine)) is ignored, as in sbatch; "
                        + "move it above line \(firstCommandLine)"))
                }
                continue
            }
            if let prefix = Self.directivePrefix(of: line) {
                let source = OptionSource.directive(prefix, line: number, text: String(line))
                let rest = line.dropFirst(prefix.rawValue.count)
                if let first = rest.first, first != " ", first != "\t" {
                    problems.append(BatchScriptError(.syntax, source: source, message:
                        "expected a space after \(prefix.rawValue), e.g. \(prefix.rawValue) --time=1:00:00"))
                    continue
                }
                switch prefix {
                case .sbatch: problems += Self.parseDirective(rest, source: source, into: &sbatch)
                case .aisubmit: problems += Self.parseDirective(rest, source: source, into: &aisubmit)
                }
                continue
            }
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix("#") {
                if let prefix = Self.directivePrefix(of: trimmed) {
                    scanWarnings.append(BatchScriptWarning(line: number, message:
                        "indented \(prefix.rawValue) is a comment to sbatch and aisched alike; "
                        + "start the line with \(prefix.rawValue) to use it"))
                }
                continue
            }
            firstCommandLine = number
        }
        if let error = BatchScriptError.combining(problems) { throw error }

        self.interpreter = interpreter
        self.sbatchOptions = sbatch
        self.aisubmitOptions = aisubmit
        self.headerLineCount = (firstCommandLine ?? lines.count + 1) - 1
        self.scanWarnings = scanWarnings
    }

    /// The submission for this script with command-line options on top (the highest precedence).
    ///
    /// `scriptName` (the path given to aisubmit) provides sbatch's default job name, its last path component.
    public func prepare(commandLine: SubmitOptions = SubmitOptions(), scriptName: String? = nil,
                        arguments: [String] = [],
                        context: SubmissionContext = SubmissionContext()) throws(BatchScriptError) -> PreparedSubmission {
        var context = context
        if context.defaultJobName == nil, let scriptName { context.defaultJobName = Self.lastPathComponent(scriptName) }
        let merged = commandLine.merged(over: try SbatchEnvironment.options(from: context.environment).merged(over: options))
        var prepared = try PreparedSubmission(options: merged, context: context)
        prepared.submission.script = text
        prepared.submission.argv = arguments
        prepared.warnings = SubmitOptions.lineOrder(scanWarnings + merged.warnings)
        return prepared
    }

    // MARK: - Lines

    /// The prefix a directive line starts with (case-sensitive, at column 1, as sbatch requires).
    private static func directivePrefix(of line: Substring) -> DirectivePrefix? {
        DirectivePrefix.allCases.first { line.hasPrefix($0.rawValue) }
    }

    /// The same, ignoring leading blanks and requiring a blank after the prefix: used only to warn.
    private static func directivePrefix(ofIndented line: Substring) -> DirectivePrefix? {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard let prefix = directivePrefix(of: trimmed) else { return nil }
        let after = trimmed.dropFirst(prefix.rawValue.count).first
        return after == nil || after == " " || after == "\t" ? prefix : nil
    }

    /// Applies one directive line's options; returns its problems (none when it is fine). An option the table
    /// refuses does not stop the line, since its arity is known; an unknown one does, as its value cannot be told
    /// from the next option.
    private static func parseDirective(_ text: Substring, source: OptionSource,
                                       into options: inout SubmitOptions) -> [BatchScriptError] {
        let words: [String]
        do {
            words = try DirectiveTokenizer.split(text)
        } catch {
            return [BatchScriptError(.syntax, source: source,
                                     message: "unterminated \(error.quote) quote; close it, or escape it with a backslash")]
        }
        var problems: [BatchScriptError] = []
        let stop: OptionWords.Stop
        do throws(BatchScriptError) {
            stop = try OptionWords.scan(words, source: source, arity: { SubmitOptionTable.lookup($0)?.arity }) {
                (name: String, value: String?) throws(BatchScriptError) in
                do throws(BatchScriptError) {
                    try options.apply(option: name, value: value, source: source)
                } catch {
                    problems.append(error)
                }
            }
        } catch {
            return problems + [error]
        }
        switch stop {
        case .end:
            break
        case .positional(let index):
            problems.append(BatchScriptError(.unexpectedValue, source: source, message:
                "unexpected \"\(words[index])\": directives hold only options; quote a value that contains spaces"))
        case .afterDoubleDash:
            problems.append(BatchScriptError(.unexpectedValue, source: source, message:
                "unexpected \"--\": directives hold only options; put the command in the script body"))
        }
        return problems
    }

    static func lastPathComponent(_ path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        return trimmed.split(separator: "/").last.map(String.init) ?? trimmed
    }
}
