import Foundation
import SchedulerAuth
import SchedulerCore
import SchedulerProtocol
import Synchronization

/// Turns a `hello` token into a `Principal`, or a clear `unauthenticated` error.
final class Authenticator: Sendable {
    private let signer: TokenSigner
    private let revoked = Mutex<Set<String>>([])

    init(signer: TokenSigner) {
        self.signer = signer
    }

    /// Tokens revoked with `schedd token revoke` (another process) are picked up by calling this periodically.
    func updateRevoked(_ ids: Set<String>) {
        revoked.withLock { $0 = ids }
    }

    func authenticate(_ token: String) throws(ErrorReply) -> Principal {
        let now = Int64(Date().timeIntervalSince1970)
        let revokedIDs = revoked.withLock { $0 }
        do {
            let claims = try signer.verify(token, now: now, revoked: revokedIDs)
            guard let role = Principal.Role(rawValue: claims.role) else {
                throw ErrorReply(code: .unauthenticated, message: "the token has an unknown role \(claims.role)")
            }
            return Principal(name: claims.user, role: role)
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
