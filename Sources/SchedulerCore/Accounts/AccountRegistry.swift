/// A funding scheme (e.g. an AI subsidy scheme, an InnoHK lab cluster) that funds projects.
public struct FundingScheme: Hashable, Sendable, Codable {
    public var name: String
    public var displayName: String
    public var shares: Int

    public init(name: String, displayName: String = "", shares: Int = 1) {
        self.name = name
        self.displayName = displayName
        self.shares = shares
    }
}

/// A funded research project: the account jobs are charged to.
public struct Project: Hashable, Sendable, Codable {
    public var name: String
    public var scheme: String
    public var displayName: String
    public var shares: Int
    public var members: [String]

    public init(name: String, scheme: String, displayName: String = "", shares: Int = 1, members: [String] = []) {
        self.name = name
        self.scheme = scheme
        self.displayName = displayName
        self.shares = shares
        self.members = members
    }
}

/// A researcher with an account.
public struct UserAccount: Hashable, Sendable, Codable {
    public var name: String
    public var defaultProject: String

    public init(name: String, defaultProject: String) {
        self.name = name
        self.defaultProject = defaultProject
    }
}

/// Funding schemes → projects → users.
///
/// An empty registry means the centre has not set up accounts: every job is then accepted into the project it
/// names (or `default`). Once any project exists, a job must name a project its user belongs to.
public struct AccountRegistry: Hashable, Sendable, Codable {
    public var schemes: [String: FundingScheme]
    public var projects: [String: Project]
    public var users: [String: UserAccount]

    public init(schemes: [FundingScheme] = [], projects: [Project] = [], users: [UserAccount] = []) {
        self.schemes = Dictionary(schemes.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.projects = Dictionary(projects.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.users = Dictionary(users.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    public var isEmpty: Bool { projects.isEmpty }

    public func projects(of user: String) -> [String] {
        projects.values.filter { $0.members.contains(user) }.map(\.name).sorted()
    }

    /// The project a submission is charged to, or why it cannot be.
    public func resolveProject(_ requested: String, for user: String) -> Result<String, Rejection> {
        if isEmpty { return .success(requested.isEmpty ? "default" : requested) }
        let mine = projects(of: user)
        let wanted = requested.isEmpty ? (users[user]?.defaultProject ?? mine.first ?? "") : requested
        if wanted.isEmpty || mine.isEmpty {
            return .failure(Rejection(.permissionDenied, "user \(user) is not a member of any project",
                                      hint: "ask a centre admin to add you to your project"))
        }
        guard projects[wanted] != nil else {
            return .failure(Rejection(.notFound, "unknown project \"\(wanted)\"",
                                      hint: "your projects: \(mine.joined(separator: ", "))"))
        }
        guard mine.contains(wanted) else {
            return .failure(Rejection(.permissionDenied, "user \(user) is not a member of project \(wanted)",
                                      hint: "your projects: \(mine.joined(separator: ", "))"))
        }
        return .success(wanted)
    }
}
