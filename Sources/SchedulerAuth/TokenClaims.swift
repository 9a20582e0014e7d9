/// What a token says about its bearer; signed by `TokenSigner`.
public struct TokenClaims: Sendable, Equatable {
    public var user: String
    public var role: String
    public var issuedAt: Int64
    public var expiresAt: Int64
    public var tokenID: String
    /// A viewer token's funding schemes, sorted; empty for every other role.
    public var schemes: [String]

    public static let roles: Set<String> = ["user", "admin", "node", "viewer"]

    public init(user: String, role: String, issuedAt: Int64, expiresAt: Int64, tokenID: String, schemes: [String] = []) {
        self.user = user
        self.role = role
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.tokenID = tokenID
        self.schemes = Array(Set(schemes)).sorted()
    }

    /// `v1|user|role|issuedAt|expiresAt|tokenID`, or `v2|…|tokenID|scheme,scheme` for a token with schemes: the
    /// signed part of a token. Tokens without schemes keep the v1 form, so those issued before viewers stay valid.
    var payload: String {
        let fields = [user, role, String(issuedAt), String(expiresAt), tokenID]
        return schemes.isEmpty ? (["v1"] + fields).joined(separator: "|")
            : (["v2"] + fields + [schemes.joined(separator: ",")]).joined(separator: "|")
    }

    init?(payload: String) {
        let fields = payload.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        let schemes: [String]
        switch (fields.first, fields.count) {
        case ("v1", 6): schemes = []
        case ("v2", 7): schemes = fields[6].split(separator: ",").map(String.init)
        default: return nil
        }
        guard let issued = Int64(fields[3]), let expires = Int64(fields[4]) else { return nil }
        self.init(user: fields[1], role: fields[2], issuedAt: issued, expiresAt: expires, tokenID: fields[5],
                  schemes: schemes)
    }

    /// Every problem with these claims, for `TokenSigner.issue`: empty when a token may be issued for them.
    var problems: [String] {
        var problems: [String] = []
        if user.isEmpty || user.contains("|") || user.contains(where: \.isWhitespace) {
            problems.append("user name \"\(user)\" must be non-empty, without spaces or '|'")
        }
        if !Self.roles.contains(role) {
            problems.append("role must be one of \(Self.roles.sorted().joined(separator: ", ")) (got \"\(role)\")")
        }
        if role == "viewer", schemes.isEmpty {
            problems.append("a viewer token needs the funding schemes it may see (--schemes A,B)")
        }
        if role != "viewer", !schemes.isEmpty {
            problems.append("only a viewer token names schemes; a \(role)'s access follows its role and projects")
        }
        for scheme in schemes where scheme.isEmpty || scheme.contains(where: { $0 == "|" || $0 == "," || $0.isWhitespace }) {
            problems.append("scheme name \"\(scheme)\" must be non-empty, without spaces, '|' or ','")
        }
        if expiresAt <= issuedAt { problems.append("it would expire before it is issued") }
        return problems
    }
}
