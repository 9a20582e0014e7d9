/// Why a token was refused or could not be made. Messages tell the holder what to do.
public enum TokenError: Error, Equatable, CustomStringConvertible, Sendable {
    case malformed
    case badSignature
    case expired(at: Int64)
    case revoked
    case invalidClaims(String)
    case badSecret(String)

    public var description: String {
        switch self {
        case .malformed:
            "the token is not an aisched token (expected two base64url parts joined by a dot)"
        case .badSignature:
            "the token's signature does not match this centre's secret: it was issued by another schedd or altered"
        case .expired(let at):
            "the token expired at \(at) (Unix time); ask an admin for a new one (`schedd token issue`)"
        case .revoked:
            "the token was revoked; ask an admin for a new one"
        case .invalidClaims(let why):
            "cannot issue the token: \(why)"
        case .badSecret(let why):
            "the cluster secret is unusable: \(why)"
        }
    }
}
