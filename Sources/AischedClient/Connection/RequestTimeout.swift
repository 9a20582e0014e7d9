import SchedulerProtocol

/// How long a client waits for schedd's answer to one request before giving up with `ClientError.timedOut`, so that
/// `aisubmit` never hangs on a schedd that accepted the connection but does not answer (overloaded, stuck, or out of
/// descriptors with connections waiting in its backlog).
///
/// Set with `--request-timeout SECONDS`, `AISCHED_REQUEST_TIMEOUT` or `request_timeout` in the config file; 0 means
/// no timeout. The timeout is per request, so commands that poll (`aisubmit wait`, `logs --follow`, an allocation
/// waiting to start) wait as long as they like, each poll being answered at once.
public enum RequestTimeout {
    public static let defaultSeconds: Double = 30

    /// Requests answered only when something long is over have no deadline: `runStep` is answered when the step's
    /// tasks have ended (srun, `aisubmit run`), and may take days.
    public static func applies(to kind: MessageKind) -> Bool {
        kind != .runStep
    }

    /// Seconds from text: a non-negative number ("30", "2.5"); 0 = none. nil if it is not one.
    public static func seconds(parsing text: String) -> Double? {
        guard let value = Double(OptionText.trimmingWhitespace(text)), value.isFinite, value >= 0, value <= 86_400 * 365
        else { return nil }
        return value
    }

    /// The deadline for `seconds` (nil for 0: no timeout).
    public static func duration(_ seconds: Double) -> Duration? {
        seconds > 0 ? .milliseconds(Int64((seconds * 1000).rounded(.up))) : nil
    }

    static func text(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int64(seconds)) : String(seconds)
    }
}
