import SchedulerProtocol

/// `aisubmit submit [options] SCRIPT [ARGS…]` or `aisubmit submit [options] -- COMMAND [ARGS…]`, parsed with
/// the same option table as directives.
///
/// Option parsing stops at the first word that is not an option, as sbatch's does, so flags after the
/// script name belong to the script.
public struct SubmitCommandLine: Sendable, Equatable {
    /// Job options (highest precedence).
    public var options = SubmitOptions()
    /// `--server`, `--token`, `--token-file`, `--request-timeout`, for `ClientConfig.resolve`.
    public var connection = ConnectionFlags()
    /// The script path and its arguments, or the command and its arguments.
    public var positional: [String] = []
    /// True when the positional words followed `--`, the conventional way to say "a command, not a script".
    public var positionalAfterDoubleDash = false
    public var helpRequested = false
    /// `--wrap=COMMAND`: sbatch's one-line batch script (`#!/bin/sh` and the command), run once like any script.
    public var wrap: String?

    public init() {}

    /// Names handled here rather than by the job option table.
    static let clientOptions: [String: SubmitOptionSpec.Arity] = [
        "--server": .required, "--token": .required, "--token-file": .required, "--request-timeout": .required,
        "--help": .flag, "-h": .flag,
        "--wrap": .required,
    ]

    /// Parses the words after `aisubmit submit`.
    public static func parse(_ arguments: [String]) throws(BatchScriptError) -> SubmitCommandLine {
        var result = SubmitCommandLine()
        let source = OptionSource.commandLine
        let stop = try OptionWords.scan(arguments, source: source,
                                        arity: { clientOptions[$0] ?? SubmitOptionTable.lookup($0)?.arity }) {
            (name: String, value: String?) throws(BatchScriptError) in
            switch name {
            case "--server": result.connection.server = value
            case "--token": result.connection.token = value
            case "--token-file": result.connection.tokenFile = value
            case "--request-timeout": result.connection.requestTimeout = value
            case "--wrap": result.wrap = value
            case "--help", "-h":
                if let value {
                    throw BatchScriptError(.unexpectedValue, source: source, message: "\(name) takes no value (got \"\(value)\")")
                }
                result.helpRequested = true
            default: try result.options.apply(option: name, value: value, source: source)
            }
        }
        switch stop {
        case .end: break
        case .positional(let index): result.positional = Array(arguments[index...])
        case .afterDoubleDash(let index):
            result.positional = Array(arguments[index...])
            result.positionalAfterDoubleDash = true
        }
        return result
    }

    /// Submits `positional[0]` as a batch script whose text is `scriptText`, with `positional[1...]` as its
    /// arguments; options here override the script's `#AISUBMIT`, which override its `#SBATCH`.
    public func prepareScript(text scriptText: String,
                              context: SubmissionContext = SubmissionContext()) throws(BatchScriptError) -> PreparedSubmission {
        let script = try BatchScript(parsing: scriptText)
        return try script.prepare(commandLine: options, scriptName: positional.first,
                                  arguments: Array(positional.dropFirst()), context: context)
    }

    /// Submits `positional` as a command to execute; no directives are read, so only these options apply.
    public func prepareCommand(context: SubmissionContext = SubmissionContext()) throws(BatchScriptError) -> PreparedSubmission {
        var context = context
        if context.defaultJobName == nil, let command = positional.first {
            context.defaultJobName = BatchScript.lastPathComponent(command)
        }
        let merged = options.merged(over: try SbatchEnvironment.options(from: context.environment))
        var prepared = try PreparedSubmission(options: merged, context: context)
        prepared.submission.argv = positional
        return prepared
    }
}

/// A ready-to-send submission plus what the server does not take yet and what the user should be told.
public struct PreparedSubmission: Sendable, Equatable {
    public var submission: JobSubmission
    /// `--array`, `--dependency` (sent as `JobSubmission.array`/`.dependency` by the caller), `--begin` (turned into `JobSubmission.beginTimeMs` by the caller, which knows the clock).
    public var array: String?
    public var dependency: String?
    public var begin: String?
    /// `--parsable`: print only the job id.
    public var parsable: Bool
    /// For the caller to print (to stderr, typically); in line order, command line first.
    public var warnings: [BatchScriptWarning]

    init(options: SubmitOptions, context: SubmissionContext) throws(BatchScriptError) {
        submission = try options.toSubmission(context: context)
        array = options.array
        dependency = options.dependency
        begin = options.begin
        parsable = options.parsable ?? false
        warnings = options.warnings
    }
}
