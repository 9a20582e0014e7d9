/// Who is asking: the authenticated subject of a token. The shell verifies tokens; the core trusts this value.
public struct Principal: Hashable, Sendable, Codable {
    public enum Role: String, Sendable, Codable, CaseIterable {
        case user, admin, node
        /// A funder or auditor: aggregates of the schemes its token grants, never anyone's jobs.
        case viewer
    }

    public var name: String
    public var role: Role
    /// A viewer's funding schemes (named in its token); empty for every other role.
    public var schemes: Set<String>

    public init(name: String, role: Role, schemes: Set<String> = []) {
        self.name = name
        self.role = role
        self.schemes = role == .viewer ? schemes : []
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // Stored events from before viewers have no schemes.
        self.init(name: try container.decode(String.self, forKey: .name),
                  role: try container.decode(Role.self, forKey: .role),
                  schemes: try container.decodeIfPresent(Set<String>.self, forKey: .schemes) ?? [])
    }

    /// Admins may act on every job; users on their own.
    public func mayControl(_ job: Job) -> Bool {
        role == .admin || (role == .user && job.spec.user == name)
    }

    /// May see the aggregates of the whole scheme (every project's usage, its report, its fair-share subtree):
    /// admins, and viewers granted it. A user sees a scheme only through the projects they belong to.
    public func seesWholeScheme(_ scheme: String) -> Bool {
        role == .admin || (role == .viewer && schemes.contains(scheme))
    }
}
