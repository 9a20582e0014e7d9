import Foundation
import SchedulerAuth
import SchedulerCore
import SchedulerProtocol
import Synchronization

/// Who a connection speaks for, and with which token: revoking the token or reaching its expiry ends the connection.
struct Identity: Sendable {
    var principal: Principal
    var tokenID: String
    /// Unix seconds.
    var expiresAt: Int64
}

/// Turns a `hello` token into an `Identity`, or a clear `unauthenticated` error.
final class Authenticator: Sendable {
    private let signer: TokenSigner
    private let revoked = Mutex<Set<String>>([])

    init(signer: TokenSigner) {
        self.signer = signer
    }

    /// Tokens revoked with `schedd token revoke` (another process) are picked up by calling this periodically.
    /// Returns the ids not revoked before, so their open connections can be closed.
    @discardableResult
    func updateRevoked(_ ids: Set<String>) -> Set<String> {
        revoked.withLock { revoked in
            defer { revoked = ids }
            return ids.subtracting(revoked)
        }
    }

    func authenticate(_ token: String) throws(ErrorReply) -> Identity {
        let now = Int64(Date().timeIntervalSince1970)
        let revokedIDs = revoked.withLock { $0 }
        do {
            let claims = try signer.verify(token, now: now, revoked: revokedIDs)
            guard let role = Principal.Role(rawValue: claims.role) else {
                throw ErrorReply(code: .unauthenticated, message: "the token has an unknown role \(claims.role)")
            }
            return Identity(principal: Principal(name: claims.user, role: role, schemes: Set(claims.schemes)),
                            tokenID: claims.tokenID,
                            expiresAt: claims.expiresAt)
        } catch let error as TokenError {
            throw ErrorReply(code: .unauthenticated, message: error.description,
                             hint: "check AISCHED_TOKEN / --token-file, or ask an admin for a token")
        } catch let error as ErrorReply {
            throw error
        } catch {
            throw ErrorReply(code: .unauthenticated, message: "\(error)")
        }
    }
}
