import SchedulerProtocol

/// How long a virtual node pretends a job's part runs, and how it ends.
///
/// The command decides when it says so plainly, so a scale test can mix tiny and long jobs without options per
/// job: `true` (or `:`) ends at once, `sleep N` (seconds, as the real command would) after N seconds. Any other
/// command runs for `--run-seconds` when given, else for its time limit; a job with neither runs until it is
/// cancelled. A command asking for longer than its time limit is stopped at the limit, as the real agent stops it
/// (SIGTERM, reported as timed out). A batch script (no argv) follows the same rule as "any other command".
struct VirtualDuration: Equatable {
    /// Seconds until the part ends by itself; nil: it runs until it is killed.
    var seconds: Double?
    /// It reaches its time limit first: it ends killed by SIGTERM and reported as timed out.
    var timesOut: Bool

    static func of(_ launch: LaunchJob, runSeconds: Double?) -> VirtualDuration {
        let limit = launch.timeLimitSeconds > 0 ? Double(launch.timeLimitSeconds) : nil
        let wanted = commandSeconds(launch.argv) ?? runSeconds ?? limit
        guard let wanted else { return VirtualDuration(seconds: nil, timesOut: false) }
        if let limit, wanted > limit { return VirtualDuration(seconds: limit, timesOut: true) }
        return VirtualDuration(seconds: wanted, timesOut: false)
    }

    /// What the command itself says about its length: `true`/`:` → 0, `sleep N` → N (a plain number of seconds).
    static func commandSeconds(_ argv: [String]) -> Double? {
        guard let program = argv.first?.split(separator: "/").last.map(String.init) else { return nil }
        switch program {
        case "true", ":":
            return argv.count == 1 ? 0 : nil
        case "sleep":
            guard argv.count == 2, let seconds = Double(argv[1]), seconds.isFinite, seconds >= 0 else { return nil }
            return seconds
        default:
            return nil
        }
    }
}
