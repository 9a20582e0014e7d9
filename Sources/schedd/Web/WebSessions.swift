import Foundation
import Synchronization

/// Browser sessions: a random id in an HttpOnly, SameSite=Strict cookie stands for the token pasted into the login
/// form, so the token never travels in a URL and no script can read it. The token stays on the server and is
/// verified again on every request, so revoking it or its expiry ends the session too.
///
/// In memory only: a restarted schedd asks browsers to log in again. At most `capacity` sessions; expired ones are
/// dropped as new ones are made, and when full the oldest goes.
final class WebSessions: Sendable {
    struct Session: Sendable {
        var token: String
        var expiresAt: Date
    }

    static let cookieName = "aisched_session"
    /// A session lasts this long, or until its token expires if that is sooner.
    static let lifetime: TimeInterval = 12 * 3600

    private let sessions = Mutex<[String: Session]>([:])
    private let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// A new session for `token`, valid until `tokenExpiry` or the session lifetime; returns its id.
    func open(token: String, tokenExpiry: Date, now: Date = Date()) -> (id: String, expiresAt: Date) {
        let id = Self.randomID()
        let expiresAt = min(tokenExpiry, now.addingTimeInterval(Self.lifetime))
        sessions.withLock { sessions in
            sessions = sessions.filter { $0.value.expiresAt > now }
            if sessions.count >= capacity, let oldest = sessions.min(by: { $0.value.expiresAt < $1.value.expiresAt }) {
                sessions[oldest.key] = nil
            }
            sessions[id] = Session(token: token, expiresAt: expiresAt)
        }
        return (id, expiresAt)
    }

    /// The token of a live session; nil for an unknown or expired one.
    func token(of id: String, now: Date = Date()) -> String? {
        sessions.withLock { sessions in
            guard let session = sessions[id] else { return nil }
            guard session.expiresAt > now else {
                sessions[id] = nil
                return nil
            }
            return session.token
        }
    }

    func close(_ id: String) {
        sessions.withLock { $0[id] = nil }
    }

    var count: Int { sessions.withLock { $0.count } }

    /// 256 bits from the system's CSPRNG (getrandom on Linux), as hex: unguessable, and valid in a cookie.
    private static func randomID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(generator.next() as UInt64, radix: 16).leftPadded(to: 16) }.joined()
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
