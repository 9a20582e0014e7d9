/// Funding schemes → projects → users.
///
/// An empty registry means the centre has not set up accounts: every job is then accepted into the project it
/// names (or `default`). Once any project exists, a job must name a project its user belongs to.
///
/// Admin changes go through `applying(_:)` (AccountRegistry+Changes.swift), which validates them and returns a new
/// registry or a `Rejection`, so a bad change changes nothing.
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

    /// The scheme that funds `project`, if both exist.
    public func scheme(ofProject project: String) -> FundingScheme? {
        projects[project].flatMap { schemes[$0.scheme] }
    }

    /// The accounts whose budgets and limits a job charged to `project` is subject to, outermost first
    /// (scheme, then project). Empty when the project is unknown.
    public func accountPath(ofProject project: String) -> [AccountRef] {
        guard let p = projects[project] else { return [] }
        return schemes[p.scheme] == nil ? [.project(project)] : [.scheme(p.scheme), .project(project)]
    }

    /// The budget periods of an account (empty for an unknown account or one without budgets).
    public func budgets(of account: AccountRef) -> [BudgetPeriod] {
        switch account {
        case .scheme(let name): schemes[name]?.budgets ?? []
        case .project(let name): projects[name]?.budgets ?? []
        }
    }

    /// The limits of an account (`.unlimited` for an unknown account).
    public func limits(of account: AccountRef) -> AccountLimits {
        switch account {
        case .scheme(let name): schemes[name]?.limits ?? .unlimited
        case .project(let name): projects[name]?.limits ?? .unlimited
        }
    }

    /// When an account stops running jobs, if ever.
    public func expiry(of account: AccountRef) -> Instant? {
        switch account {
        case .scheme(let name): schemes[name]?.expires
        case .project(let name): projects[name]?.expires
        }
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
