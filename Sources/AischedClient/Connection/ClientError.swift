import SchedulerProtocol

/// Why a call to schedd did not get an answer, in words for the person at the terminal.
public enum ClientError: Error, CustomStringConvertible, Sendable {
    case cannotConnect(host: String, port: Int, reason: String)
    case connectionClosed
    /// schedd answered with an error.
    case server(ErrorReply)
    case unexpectedReply(MessageKind)
    case malformedReply(String)
    /// A submission's answer was lost and its retry could not reach schedd: the job may or may not exist.
    case answerLost(String)
    /// No answer within the request timeout (`RequestTimeout`).
    case timedOut(host: String, port: Int, seconds: Double)
    /// TLS could not be set up or schedd's certificate was refused (the words say which and what to do).
    case tls(String)
    /// The kind is no request schedd answers, or not with the reply kind asked for (the protocol's RPC table):
    /// a bug in the calling code, caught before anything is sent.
    case noReply(MessageKind)

    public var description: String {
        switch self {
        case let .cannotConnect(host, port, reason):
            "cannot reach schedd at \(host):\(port): \(reason). Is schedd running, and is --server / AISCHED_SERVER right?"
        case .connectionClosed:
            "schedd closed the connection"
        case .server(let reply):
            reply.hint.isEmpty ? reply.message : "\(reply.message)\nhint: \(reply.hint)"
        case .unexpectedReply(let kind):
            "schedd answered with an unexpected \(kind) message"
        case .malformedReply(let why):
            "schedd's reply could not be read: \(why)"
        case .answerLost(let why):
            "the answer to the submission was lost (\(why)) and schedd could not be reached again to ask for it: "
                + "the job may or may not exist; check with `aisubmit queue` before submitting again"
        case let .timedOut(host, port, seconds):
            "schedd at \(host):\(port) did not answer within \(RequestTimeout.text(seconds)) s. It may be overloaded or "
                + "stuck; try again, or wait longer with --request-timeout SECONDS (or AISCHED_REQUEST_TIMEOUT)"
        case .tls(let why):
            why
        case .noReply(let kind):
            "this client asked for an answer schedd does not give to \(kind) (docs/PROTOCOL.md, \"Message kinds\"); "
                + "please report it as a bug"
        }
    }

    /// The server's error code, if the server refused.
    public var code: RPCErrorCode? {
        if case .server(let reply) = self { return reply.code }
        return nil
    }
}
