/// Slurm's `--signal=[{R|B}:]<sig_num|sig_name>[@sig_time]` (sbatch(1)): a signal sent `secondsBefore` seconds
/// before the job reaches its time limit, so it can checkpoint before it is killed.
///
/// Without `B:` the signal goes to the tasks of every step (what `srun` started), not to the batch shell; with `B:`
/// only to the batch shell, as in Slurm. A command job (`aisubmit submit -- CMD`) has no batch shell: its command
/// runs on every node as `srun` would run it, so it is signalled with or without `B:`. A job without a time limit
/// gets no signal (Slurm sends none either). `R:` lets a Slurm job overlap an advance reservation; aisched has
/// none, so it is refused rather than ignored.
public struct WarningSignal: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The signal's number (Linux).
    public var signal: Int
    /// How long before the time limit it is sent; a job shorter than this gets it as it starts.
    public var secondsBefore: Int
    /// `B:`: only the batch shell.
    public var batchShellOnly: Bool

    /// Slurm's default lead when no `@sig_time` is given.
    public static let defaultSecondsBefore = 60
    /// Slurm keeps sig_time in 16 bits.
    public static let longestSecondsBefore = 65_535

    public init(signal: Int, secondsBefore: Int = WarningSignal.defaultSecondsBefore, batchShellOnly: Bool = false) {
        self.signal = signal
        self.secondsBefore = secondsBefore
        self.batchShellOnly = batchShellOnly
    }

    static let hint = "write [B:]SIGNAL[@SECONDS], e.g. B:USR1@120 (a name such as USR1, SIGTERM or a number from 1 to "
        + "\(SignalName.highest); SECONDS before the time limit, 0 to \(longestSecondsBefore), default \(defaultSecondsBefore))"

    /// Reads Slurm's syntax; every problem of the value at once.
    public static func parse(_ text: String) -> Result<WarningSignal, ValueProblem> {
        var reasons: [String] = []
        var unsupported = false
        var rest = Substring(text.trimmingSpaces)
        var batch = false
        if let colon = rest.firstIndex(of: ":") {
            let flags = rest[..<colon].uppercased()
            if ["B", "R", "RB", "BR"].contains(flags) {
                batch = flags.contains("B")
                if flags.contains("R") {
                    unsupported = true
                    reasons.append("R: lets a job overlap an advance reservation, and aisched has none; remove R:")
                }
                rest = rest[rest.index(after: colon)...]
            } else {
                reasons.append("\"\(rest[...colon])\" is not B: or R: (B: signals only the batch shell)")
                rest = rest[rest.index(after: colon)...]
            }
        }
        let parts = rest.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0])
        let number = SignalName.number(name)
        if number == nil {
            reasons.append(name.isEmpty ? "the signal is missing"
                                        : "\"\(name)\" is not a signal (names: \(SignalName.names), with or without SIG)")
        }
        var seconds = defaultSecondsBefore
        if parts.count == 2 {
            let digits = parts[1]
            if let value = Int(digits), digits.allSatisfy({ $0.isASCII && $0.isNumber }), value <= longestSecondsBefore {
                seconds = value
            } else {
                reasons.append("\"\(digits)\" after @ is not a number of seconds from 0 to \(longestSecondsBefore)")
            }
        }
        guard reasons.isEmpty, let number else {
            return .failure(ValueProblem(reasons: reasons, isUnsupported: unsupported, hint: hint))
        }
        return .success(WarningSignal(signal: number, secondsBefore: seconds, batchShellOnly: batch))
    }

    /// The canonical text, which `parse` reads back: `B:USR1@120`, `TERM@60`.
    public var description: String {
        (batchShellOnly ? "B:" : "") + SignalName.name(of: signal) + "@\(secondsBefore)"
    }
}
