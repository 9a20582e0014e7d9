import GRDB

/// Issued tokens: a record per token, so they can be listed and revoked.
extension StateStore {
    public func recordToken(_ token: TokenRecord) throws {
        do {
            try writer.write { db in
                try db.execute(sql: """
                    INSERT INTO tokens (id, user, role, issued_at, expires_at, revoked_at, schemes) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [token.id, token.user, token.role, token.issuedAt, token.expiresAt, token.revokedAt,
                                     token.schemes.joined(separator: ",")])
            }
        } catch {
            throw StoreError(.writeFailed, "cannot record the token: \(error)")
        }
    }

    /// Marks a token revoked; returns false if no such token was issued.
    public func revokeToken(id: String, at time: Int64) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                           arguments: [time, id])
            return db.changesCount > 0
        }
    }

    public func tokens() throws -> [TokenRecord] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM tokens ORDER BY issued_at").map {
                TokenRecord(id: $0["id"], user: $0["user"], role: $0["role"], issuedAt: $0["issued_at"],
                            expiresAt: $0["expires_at"], revokedAt: $0["revoked_at"],
                            schemes: ($0["schemes"] as String).split(separator: ",").map(String.init))
            }
        }
    }

    public func revokedTokenIDs() throws -> Set<String> {
        try writer.read { db in
            Set(try String.fetchAll(db, sql: "SELECT id FROM tokens WHERE revoked_at IS NOT NULL"))
        }
    }
}
