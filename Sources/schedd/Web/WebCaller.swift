import Foundation
import Hummingbird
import SchedulerCore

/// Who a web request speaks for: the token in `Authorization: Bearer …` (scripts, notebooks) or the session cookie
/// (browsers), verified as a `hello`'s token is. Tokens are never read from URLs, where logs and histories keep them.
struct WebCaller: Sendable {
    let authenticator: Authenticator
    let sessions: WebSessions

    /// The caller's principal; `WebError.notLoggedIn` (401) without a token, the token's problem when it is bad.
    func principal(of request: Request) throws -> Principal {
        guard let token = token(of: request) else { throw WebError.notLoggedIn }
        do {
            return try authenticator.authenticate(token).principal
        } catch {
            throw WebError(error)
        }
    }

    func token(of request: Request) -> String? {
        if let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
            return String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
        }
        guard let id = request.cookies[WebSessions.cookieName]?.value else { return nil }
        return sessions.token(of: id)
    }
}

extension WebCaller {
    /// Renders `body` for the logged-in caller; no login: to the login form; a refusal: a page saying why.
    func page(_ request: Request, _ body: (Principal) async throws -> String) async -> Response {
        do {
            return WebResponse.html(try await body(try principal(of: request)))
        } catch let error as WebError where error.status == .unauthorized {
            return WebResponse.redirect(to: "/login")
        } catch let error as WebError {
            let text = "<p class=\"error\">\(HTML.escape(error.message))</p><p>\(HTML.escape(error.hint))</p>"
            return WebResponse.html(HTML.page(title: "Error", who: nil, text), status: error.status)
        } catch {
            return WebResponse.html(HTML.page(title: "Error", who: nil, "<p class=\"error\">\(HTML.escape("\(error)"))</p>"),
                                    status: .internalServerError)
        }
    }
}
