import Hummingbird
import SchedulerProtocol

/// A refusal of a web request, with what to do: the RPC's `ErrorReply` with its HTTP status. The API sends it as
/// JSON (`{"error": …, "hint": …}`), pages as a short page (or, for a missing login, a redirect to the login form).
struct WebError: Error, Sendable {
    var status: HTTPResponse.Status
    var message: String
    var hint: String

    init(_ status: HTTPResponse.Status, _ message: String, hint: String = "") {
        self.status = status
        self.message = message
        self.hint = hint
    }

    init(_ reply: ErrorReply) {
        self.init(Self.status(of: reply.code), reply.message, hint: reply.hint)
    }

    static let notLoggedIn = WebError(.unauthorized, "log in first",
                                      hint: "paste your aisched token at /login, or send it as Authorization: Bearer TOKEN")

    /// The RPC's error codes as HTTP statuses.
    static func status(of code: RPCErrorCode) -> HTTPResponse.Status {
        switch code {
        case .unauthenticated: .unauthorized
        case .permissionDenied: .forbidden
        case .notFound: .notFound
        case .invalidRequest, .badFrame, .unexpectedMessage: .badRequest
        case .frameTooLarge: .contentTooLarge
        case .conflict: .conflict
        case .unavailable: .serviceUnavailable
        default: .internalServerError
        }
    }
}
