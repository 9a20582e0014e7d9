/// Whose usage a charge is: a user within the project they submitted to. A user in two projects has two keys, so
/// their work for one project never lowers their fair share in the other (they are separate leaves of the tree).
public struct UsageKey: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var project: String
    public var user: String

    public init(project: String, user: String) {
        self.project = project
        self.user = user
    }

    public static func < (lhs: UsageKey, rhs: UsageKey) -> Bool {
        (lhs.project, lhs.user) < (rhs.project, rhs.user)
    }

    public var description: String { "\(user)@\(project)" }
}
