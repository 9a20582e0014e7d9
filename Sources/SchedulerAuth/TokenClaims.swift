/// What a token asserts: who, in which role, valid when. The role names match `Principal.Role` in the core.
public struct TokenClaims: Sendable, Equatable {
    public var user: String
    public var role: String
    public var issuedAt: Int64
    public var expiresAt: Int64
    public var tokenID: String

    public static let roles: Set<String> = ["user", "admin", "node"]

    public init(user: String, role: String, issuedAt: Int64, expiresAt: Int64, tokenID: String) {
        self.user = user
        self.role = role
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.tokenID = tokenID
    }

    /// `v1|user|role|issuedAt|expiresAt|tokenID`: the signed part of a token.
    var payload: String { ["v1", user, role, String(issuedAt), String(expiresAt), tokenID].joined(separator: "|") }

    init?(payload: String) {
        let fields = payload.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 6, fields[0] == "v1", let issued = Int64(fields[3]), let expires = Int64(fields[4]) else {
            return nil
        }
        self.init(user: fields[1], role: fields[2], issuedAt: issued, expiresAt: expires, tokenID: fields[5])
    }
}
