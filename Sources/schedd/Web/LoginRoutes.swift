import Foundation
import Hummingbird

/// Logging in and out of the web pages: the token is pasted once into a form (POSTed, never in a URL) and kept on
/// the server behind an HttpOnly, SameSite=Strict session cookie. Both forms are refused from another origin, so
/// another site can neither log a browser in as someone else nor out.
struct LoginRoutes: Sendable {
    let authenticator: Authenticator
    let sessions: WebSessions

    /// A pasted token is a few hundred bytes; more is not a login.
    static let maxFormBytes = 16 * 1024

    func add(to router: Router<WebContext>) {
        router.get("login") { _, _ in WebResponse.html(Self.form()) }
        router.post("login") { request, _ in await login(request) }
        router.post("logout") { request, _ in logout(request) }
    }

    private func login(_ request: Request) async -> Response {
        if let refusal = Self.crossOriginRefusal(request) { return refusal }
        let body = (try? await request.body.collect(upTo: Self.maxFormBytes)).map { String(buffer: $0) }
        guard let token = body.flatMap(Self.token(inForm:)), !token.isEmpty else {
            return WebResponse.html(Self.form(error: "Paste your token (schedd token issue prints it)."), status: .badRequest)
        }
        let identity: Identity
        do {
            identity = try authenticator.authenticate(token)
        } catch {
            return WebResponse.html(Self.form(error: "That token was not accepted: \(error.message)"), status: .unauthorized)
        }
        let session = sessions.open(token: token, tokenExpiry: Date(timeIntervalSince1970: TimeInterval(identity.expiresAt)))
        var response = WebResponse.redirect(to: "/")
        response.setCookie(Cookie(name: WebSessions.cookieName, value: session.id,
                                  maxAge: max(1, Int(session.expiresAt.timeIntervalSinceNow)), path: "/",
                                  httpOnly: true, sameSite: .strict))
        return response
    }

    private func logout(_ request: Request) -> Response {
        if let refusal = Self.crossOriginRefusal(request) { return refusal }
        if let id = request.cookies[WebSessions.cookieName]?.value { sessions.close(id) }
        var response = WebResponse.redirect(to: "/login")
        response.setCookie(Cookie(name: WebSessions.cookieName, value: "", maxAge: 0, path: "/", httpOnly: true,
                                  sameSite: .strict))
        return response
    }

    /// A form posted from another site (its `Origin` is not this server) is refused: login CSRF.
    static func crossOriginRefusal(_ request: Request) -> Response? {
        guard let origin = request.headers[.origin] else { return nil } // same-origin navigations may omit it
        let host = request.head.authority ?? ""
        guard origin != "http://\(host)", origin != "https://\(host)" else { return nil }
        return WebResponse.html(HTML.page(title: "Refused", who: nil,
                                          "<p class=\"error\">This form may only be sent from aisched's own pages.</p>"),
                                status: .forbidden)
    }

    /// The `token` field of an `application/x-www-form-urlencoded` body.
    static func token(inForm body: String) -> String? {
        struct Form: Decodable { var token: String? }
        return (try? URLEncodedFormDecoder().decode(Form.self, from: body))?.token?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func form(error: String? = nil) -> String {
        let problem = error.map { text -> String in "<p class=\"error\">\(HTML.escape(text))</p>" } ?? ""
        return HTML.page(title: "Log in", who: nil, """
            <h2>Log in</h2>
            \(problem)
            <form class="login" method="post" action="/login">
            <p><label for="token">Your aisched token (the one aisubmit reads from <code>AISCHED_TOKEN_FILE</code> or your client config):</label></p>
            <p><textarea id="token" name="token" rows="4" autocomplete="off" spellcheck="false" required></textarea></p>
            <p><button type="submit">Log in</button></p>
            <p>It is kept by schedd behind a session cookie this browser cannot read, until you log out or the session ends.</p>
            </form>
            """)
    }
}
