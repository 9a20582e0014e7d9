import SchedulerProtocol

/// `submitJob` that survives a lost acknowledgement: the submission carries a key drawn once per submit command,
/// and when the connection is lost before the answer comes, it is sent once more, on a new connection, with the
/// same key. schedd answers a key it has seen (from the same user) with the job the first try made, so the retry
/// never makes a second job, whether or not the first try got through.
public enum RetryingSubmit {
    /// A fresh key: 128 random bits as 32 hex digits.
    public static func newKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let text = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }.joined()
    }

    /// How long to wait before each attempt to reconnect (schedd may be restarting after a crash).
    public static let reconnectDelays: [Duration] = [.milliseconds(250), .seconds(1), .seconds(2), .seconds(4)]

    /// Submits (giving the submission a key if it has none) and returns the job id with the connection that
    /// carried the answer, for the caller's follow-up requests. A refusal from schedd is thrown as it is, never
    /// retried; only a lost connection or an unreadable answer is.
    public static func submit(_ submission: JobSubmission, on connection: RPCConnection,
                              reconnect: @Sendable () async throws -> RPCConnection,
                              delays: [Duration] = reconnectDelays) async throws -> (jobID: UInt64, connection: RPCConnection) {
        var submission = submission
        if submission.submissionKey.isEmpty { submission.submissionKey = newKey() }
        do {
            return (try await send(submission, on: connection), connection)
        } catch let error as ClientError where isLostAnswer(error) {
            let retry = try await connect(reconnect, delays: delays, lost: error)
            return (try await send(submission, on: retry), retry)
        }
    }

    private static func send(_ submission: JobSubmission, on connection: RPCConnection) async throws -> UInt64 {
        try await connection.request(.submitJob, submission, as: SubmitJobReply.self).jobID
    }

    /// The connection went away (or its bytes stopped making sense) before the answer: the job may or may not
    /// exist, which is exactly what the key resolves.
    static func isLostAnswer(_ error: ClientError) -> Bool {
        switch error {
        case .connectionClosed, .malformedReply: true
        default: false
        }
    }

    private static func connect(_ reconnect: @Sendable () async throws -> RPCConnection, delays: [Duration],
                                lost: ClientError) async throws -> RPCConnection {
        var last: (any Error)?
        for delay in delays {
            try await Task.sleep(for: delay)
            do { return try await reconnect() } catch { last = error }
        }
        throw ClientError.answerLost("\(lost); then \(last.map { "\($0)" } ?? "no reconnection was tried")")
    }
}
