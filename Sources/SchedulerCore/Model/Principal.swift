/// Who is asking: the authenticated subject of a token. The shell verifies tokens; the core trusts this value.
public struct Principal: Hashable, Sendable, Codable {
    public enum Role: String, Sendable, Codable, CaseIterable {
        case user, admin, node
    }

    public var name: String
    public var role: Role

    public init(name: String, role: Role) {
        self.name = name
        self.role = role
    }

    /// Admins may act on every job; users on their own.
    public func mayControl(_ job: Job) -> Bool {
        role == .admin || (role == .user && job.spec.user == name)
    }
}
