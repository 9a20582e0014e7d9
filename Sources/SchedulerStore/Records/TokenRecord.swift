/// A token schedd issued: kept so admins can list and revoke tokens (the token itself is never stored).
public struct TokenRecord: Sendable, Equatable {
    public var id: String
    public var user: String
    public var role: String
    public var issuedAt: Int64
    public var expiresAt: Int64
    public var revokedAt: Int64?
    /// A viewer token's funding schemes.
    public var schemes: [String]

    public init(id: String, user: String, role: String, issuedAt: Int64, expiresAt: Int64, revokedAt: Int64? = nil,
                schemes: [String] = []) {
        self.schemes = schemes
        self.id = id
        self.user = user
        self.role = role
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }
}
