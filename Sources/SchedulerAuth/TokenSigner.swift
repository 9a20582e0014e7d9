import Crypto
import Foundation

/// Issues and verifies bearer tokens: `base64url(payload) "." base64url(HMAC-SHA256(secret, first part))`.
///
/// Tokens are self-contained, so schedd needs no lookup to authenticate a connection; revocation is a set
/// of token ids the caller passes to `verify`.
public struct TokenSigner: Sendable {
    private let key: SymmetricKey

    /// `secret` is the cluster secret; at least 32 bytes.
    public init(secret: [UInt8]) throws(TokenError) {
        guard secret.count >= 32 else { throw .badSecret("it has \(secret.count) bytes, at least 32 are needed") }
        key = SymmetricKey(data: secret)
    }

    public func issue(_ claims: TokenClaims) throws(TokenError) -> String {
        let problems = claims.problems
        guard problems.isEmpty else { throw .invalidClaims(problems.joined(separator: "; ")) }
        let body = Base64URL.encode(Array(claims.payload.utf8))
        return body + "." + Base64URL.encode(signature(of: body))
    }

    /// The claims of a valid token; throws if it is malformed, forged, expired (at `now`, Unix seconds) or revoked.
    public func verify(_ token: String, now: Int64, revoked: Set<String> = []) throws(TokenError) -> TokenClaims {
        let parts = token.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let mac = Base64URL.decode(String(parts[1])) else { throw .malformed }
        let body = String(parts[0])
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Array(body.utf8), using: key) else {
            throw .badSignature
        }
        guard let payload = Base64URL.decode(body), let text = String(validating: payload, as: UTF8.self),
              let claims = TokenClaims(payload: text) else { throw .malformed }
        guard claims.expiresAt > now else { throw .expired(at: claims.expiresAt) }
        guard !revoked.contains(claims.tokenID) else { throw .revoked }
        return claims
    }

    private func signature(of body: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array(body.utf8), using: key))
    }
}

/// RFC 4648 §5 base64url without padding, so tokens fit in headers, env vars and config files unquoted.
enum Base64URL {
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> [UInt8]? {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s).map(Array.init)
    }
}
