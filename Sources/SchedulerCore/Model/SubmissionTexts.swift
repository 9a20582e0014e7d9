/// The free-text parts of a submission, and the one rule for what each may hold and how long it may be.
///
/// schedd checks a `JobSpec` with it before anything is stored (`SubmissionValidator`); aisubmit checks what it
/// is about to send with the same rule, so a researcher hears every problem at once, before the network.
///
/// What a text may hold depends on where it goes:
/// - names, paths and words (job name, comment, `--chdir`, `--output`, project, …) are printed in other people's
///   listings and become file names: no control character at all (`PrintableText.isControl`);
/// - arguments go to execve as they are: a NUL would cut one short on the node (recorded ≠ executed), and other
///   control characters than tab, newline and carriage return have no business in a command line;
/// - environment values and batch scripts are text a program reads: anything but NUL (bash's exported functions
///   hold newlines, scripts hold tabs).
public struct SubmissionTexts: Sendable {
    public var name = ""
    public var workdir = ""
    public var stdoutPath = ""
    public var stderrPath = ""
    public var submitDirectory = ""
    public var argv: [String] = []
    /// nil: a plain command (then `argv[0]` is the program).
    public var script: String?
    public var environment: [String] = []
    public var inheritedEnvironment: [String] = []
    public var comment = ""
    public var mailUser = ""
    public var project = ""
    public var qos = ""
    public var partitions: [String] = []
    public var gpuModel = ""
    public var constraint = ""
    public var submitHost = ""
    public var dependency = ""
    public var array = ""
    public var submissionKey = ""
    /// An interactive allocation runs no command of its own.
    public var interactive = false

    public init() {}

    /// The hint that goes with any of these problems.
    public static let hint = "names, paths and words cannot hold control characters (tab, newline, escape…), "
        + "arguments only tab, newline and carriage return, and nothing may hold a NUL byte; "
        + "docs/OPERATIONS.md lists every size limit"

    /// Every problem, one sentence each; empty when all is well. `scriptBytes` nil skips the script's size
    /// (aisubmit does not know the centre's `maxScriptBytes`; schedd does).
    public func problems(scriptBytes: Int?) -> [String] {
        var problems: [String] = []
        func check(_ text: String, _ what: String, _ kind: Kind, max bytes: Int) {
            if let problem = Self.problem(text, what, kind, max: bytes) { problems.append(problem) }
        }
        check(name, "the job name", .line, max: InputLimits.nameBytes)
        check(comment, "--comment", .line, max: InputLimits.commentBytes)
        for (path, what) in [(workdir, "the working directory"), (stdoutPath, "--output"), (stderrPath, "--error"),
                             (submitDirectory, "the submit directory")] {
            check(path, what, .line, max: InputLimits.pathBytes)
        }
        let words = [(project, "the project"), (qos, "--qos"), (gpuModel, "the GPU model"), (constraint, "--constraint"),
                     (submitHost, "the submit host")] + partitions.map { ($0, "--partition") }
        for (word, what) in words { check(word, what, .line, max: InputLimits.wordBytes) }
        check(dependency, "--dependency", .line, max: InputLimits.listBytes)
        check(array, "--array", .line, max: InputLimits.listBytes)
        if !mailUser.isEmpty, let problem = MailRequest.userProblem(mailUser) {
            problems.append("--mail-user \(PrintableText.quoted(mailUser)): " + problem.reasons.joined(separator: "; "))
        }
        problems += keyProblems() + argvProblems() + environmentProblems()
        if let script {
            if let bytes = scriptBytes, script.utf8.count > bytes {
                problems.append("the batch script is \(script.utf8.count) bytes; this centre takes scripts of at most "
                                + "\(bytes) bytes (schedd's maxScriptBytes): keep data in files the script reads")
            }
            if let nul = script.utf8.firstIndex(of: 0) {
                let offset = script.utf8.distance(from: script.utf8.startIndex, to: nul)
                problems.append("the batch script holds a NUL byte (at byte \(offset)): a script is text")
            }
        }
        return problems
    }

    /// The arguments of a command (also a job step's, `srun`'s): each one's characters and size, and their total.
    public static func argumentProblems(_ argv: [String], program: Bool) -> [String] {
        var problems: [String] = []
        if program, let first = argv.first, first.isEmpty {
            problems.append("the program name (the first word of the command) is empty")
        }
        for (index, argument) in argv.enumerated() {
            let what = index == 0 && program ? "the program name" : "argument \(index + 1)"
            if let problem = problem(argument, what, .argument, max: InputLimits.argumentBytes) { problems.append(problem) }
        }
        let total = argv.reduce(0) { $0 + $1.utf8.count + 1 }
        if total > InputLimits.argvBytes {
            problems.append("the command's arguments are \(total) bytes together; at most \(InputLimits.argvBytes)")
        }
        return problems
    }

    private func argvProblems() -> [String] {
        Self.argumentProblems(argv, program: script == nil && !interactive)
    }

    private func environmentProblems() -> [String] {
        var problems: [String] = []
        let all = environment + inheritedEnvironment
        for entry in all {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                problems.append("environment entry \(PrintableText.quoted(entry)) is not NAME=value")
                continue
            }
            let name = String(entry[..<equals])
            if let problem = Self.problem(name, "environment variable name", .line, max: InputLimits.argumentBytes) {
                problems.append(problem)
            } else if let problem = Self.problem(entry, "environment variable \(name)", .value,
                                                 max: InputLimits.argumentBytes) {
                problems.append(problem)
            }
        }
        let total = all.reduce(0) { $0 + $1.utf8.count + 1 }
        if total > InputLimits.environmentBytes {
            problems.append("the job's environment is \(total) bytes; at most \(InputLimits.environmentBytes): submit from "
                            + "a smaller environment, or pass only what the job needs with --export=NONE,NAME,…")
        }
        return problems
    }

    private func keyProblems() -> [String] {
        guard !submissionKey.isEmpty else { return [] }
        let printable = submissionKey.utf8.allSatisfy { (0x21...0x7E).contains($0) }
        guard printable, submissionKey.utf8.count <= InputLimits.submissionKeyBytes else {
            return ["the submission key must be 1 to \(InputLimits.submissionKeyBytes) printable ASCII characters "
                    + "without spaces (aisubmit sends 32 hex digits)"]
        }
        return []
    }

    enum Kind {
        /// Names, paths, words: no control character.
        case line
        /// Command-line arguments: tab, newline and carriage return only.
        case argument
        /// Environment values, scripts: anything but NUL.
        case value
    }

    /// What is wrong with one text, or nil: its size first (a 3 MB name need not be scanned), then its characters.
    static func problem(_ text: String, _ what: String, _ kind: Kind, max bytes: Int) -> String? {
        let size = text.utf8.count
        if size > bytes { return "\(what) is \(size) bytes; at most \(bytes)" }
        let bad = text.unicodeScalars.first { scalar in
            switch kind {
            case .line: PrintableText.isControl(scalar)
            case .argument: scalar.value != 0x09 && scalar.value != 0x0A && scalar.value != 0x0D
                && (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value))
            case .value: scalar.value == 0
            }
        }
        guard let bad else { return nil }
        let shown = PrintableText.quoted(text)
        if bad.value == 0 {
            return "\(what) \(shown) holds a NUL byte (the node would cut it there)"
        }
        return "\(what) \(shown) holds the control character \(PrintableText.escaped(String(Character(bad))))"
    }
}

extension JobSpec {
    /// This spec's free texts, for `SubmissionTexts.problems`.
    public var texts: SubmissionTexts {
        var t = SubmissionTexts()
        t.name = name
        t.workdir = workdir
        t.stdoutPath = stdoutPath
        t.stderrPath = stderrPath
        t.submitDirectory = submitDirectory ?? ""
        t.argv = argv
        t.script = script
        t.environment = environment
        t.inheritedEnvironment = inheritedEnvironment ?? []
        t.comment = comment ?? ""
        t.mailUser = mail?.user ?? ""
        t.project = project
        t.qos = qos
        t.partitions = request.partitions ?? []
        t.gpuModel = request.gpuModel ?? ""
        t.constraint = request.constraint?.description ?? ""
        t.submitHost = submitHost ?? ""
        t.dependency = dependency ?? ""
        t.array = array ?? ""
        t.submissionKey = submissionKey ?? ""
        t.interactive = interactive == true
        return t
    }
}
