/// One admin change to the accounts tree, as a value: the daemon receives it, applies it with
/// `AccountRegistry.applying(_:)`, and writes it to the audit log with the before/after of `AccountRegistry.diff`.
public enum AccountChange: Hashable, Sendable, Codable {
    case createScheme(FundingScheme)
    /// Replaces the scheme of the same name (shares, budgets, limits, expiry, display name).
    case updateScheme(FundingScheme)
    /// Refused while projects belong to the scheme.
    case deleteScheme(String)
    case createProject(Project)
    /// Replaces the project of the same name, members included. Refused if it drops a member whose default
    /// project it is.
    case updateProject(Project)
    /// Refused while it is some user's default project. Jobs of the project are the engine's concern.
    case deleteProject(String)
    /// Also makes the user a member of their default project (with 1 share) if they are not yet.
    case createUser(UserAccount)
    /// Changes the user's default project, which MUST be one of their projects.
    case updateUser(UserAccount)
    /// Removes the user and their memberships.
    case deleteUser(String)
    case addMember(user: String, project: String, shares: Int)
    /// Refused when it is the user's default project: change the default first.
    case removeMember(user: String, project: String)
}

/// An entity of the accounts tree, for the audit log's before/after.
public enum AccountEntity: Hashable, Sendable, Codable {
    case scheme(FundingScheme)
    case project(Project)
    case user(UserAccount)
}

/// The address of an entity of the accounts tree. Sorts schemes, then projects, then users.
public enum AccountSubject: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    case scheme(String)
    case project(String)
    case user(String)

    public var description: String {
        switch self {
        case .scheme(let name): "scheme \(name)"
        case .project(let name): "project \(name)"
        case .user(let name): "user \(name)"
        }
    }
}

/// One entity that differs between two registries: `before` nil means created, `after` nil means deleted.
public struct AccountDiffEntry: Hashable, Sendable, Codable {
    public var subject: AccountSubject
    public var before: AccountEntity?
    public var after: AccountEntity?

    public init(subject: AccountSubject, before: AccountEntity?, after: AccountEntity?) {
        self.subject = subject
        self.before = before
        self.after = after
    }
}
