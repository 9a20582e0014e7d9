/// A funding scheme's own budget and its projects' lines: the scheme page of the dashboard, `usage?scheme=`.
public struct SchemeUsage: Sendable {
    public var scheme: FundingScheme
    /// The scheme's own budget (its periods), apart from its projects'.
    public var budget: BudgetState
    /// All its projects' running jobs and GPUs, whether or not the asker may see each project.
    public var inUse: AccountInUse
    /// The projects the asker may see, by name.
    public var projects: [ProjectUsage]
}

/// Questions about whole funding schemes, which viewers (funders, auditors) ask about the schemes their token
/// grants. The one rule of who sees what of a scheme is `visibleProjects(ofScheme:for:)` with
/// `Principal.seesWholeScheme`; every answer here goes through them.
extension Scheduler {
    /// The projects of `scheme` that `principal` may see: all of them for admins and viewers granted the scheme, the
    /// ones they belong to for users (refused when that is none), sorted by name.
    public func visibleProjects(ofScheme scheme: String, for principal: Principal) -> Result<[String], Rejection> {
        let accounts = state.accounts
        guard accounts.schemes[scheme] != nil else {
            let known = principal.role == .viewer ? principal.schemes.sorted() : accounts.schemes.keys.sorted()
            return .failure(Rejection(.notFound, "unknown funding scheme \"\(scheme)\"",
                                      hint: known.isEmpty ? "" : "schemes: \(known.joined(separator: ", "))"))
        }
        let all = accounts.projects.values.filter { $0.scheme == scheme }.map(\.name).sorted()
        if principal.seesWholeScheme(scheme) { return .success(all) }
        if principal.role == .viewer {
            return .failure(Rejection(.permissionDenied, "this viewer token is not granted scheme \(scheme)",
                                      hint: "it sees \(principal.schemes.sorted().joined(separator: ", ")); "
                                          + "ask an admin for a token with --schemes \(scheme)"))
        }
        let mine = Set(accounts.projects(of: principal.name))
        let visible = all.filter(mine.contains)
        guard principal.role == .user, !visible.isEmpty else {
            return .failure(Rejection(.permissionDenied, "you have no project in scheme \(scheme)",
                                      hint: "`aisubmit usage` lists your projects and their schemes"))
        }
        return .success(visible)
    }

    /// The scheme's budget and the lines of the projects `principal` may see.
    public func schemeUsage(_ scheme: String, visibleTo principal: Principal,
                            at now: Instant) -> Result<SchemeUsage, Rejection> {
        visibleProjects(ofScheme: scheme, for: principal).map { names in
            let snapshot = quotaSnapshot(at: now)
            return SchemeUsage(scheme: state.accounts.schemes[scheme]!,
                               budget: state.book.budgetState(of: .scheme(scheme), accounts: state.accounts, at: now),
                               inUse: snapshot.inUse(.scheme(scheme)),
                               projects: projectUsages(names, snapshot: snapshot, at: now) { _ in nil })
        }
    }

    /// The Fair Tree's nodes in tree order (`treeOrder`), as `principal` may see them: admins every node; viewers the
    /// subtrees of their schemes; users every scheme and project, and their own leaves (as sshare with
    /// PrivateData=users). `scheme` keeps one scheme's subtree.
    public func fairShareLevels(scheme: String?, visibleTo principal: Principal,
                                at now: Instant) -> Result<[FairShareLevel], Rejection> {
        if let scheme {
            if case .failure(let rejection) = visibleProjects(ofScheme: scheme, for: principal) {
                return .failure(rejection)
            }
        } else if principal.role == .viewer, principal.schemes.isEmpty {
            return .success([])
        }
        let levels = Self.treeOrder(state.book.fairShare(accounts: state.accounts, at: now).levels)
        return .success(levels.filter { level in
            guard let root = level.path.first, scheme == nil || root == scheme else { return false }
            switch principal.role {
            case .admin: return true
            case .viewer: return principal.seesWholeScheme(root)
            case .user: return !level.isUser || level.path.last == principal.name
            case .node: return false
            }
        })
    }

    /// Each node followed by its subtree, siblings in the order Fair Tree ranked them (most under-served first): how
    /// sshare lists a tree. Fair Tree's own visiting order merges tied sibling accounts' children into one list, which
    /// would put a project under the wrong scheme on a page.
    static func treeOrder(_ levels: [FairShareLevel]) -> [FairShareLevel] {
        let rank = Dictionary(levels.enumerated().map { ($1.path, $0) }) { first, _ in first }
        func key(_ level: FairShareLevel) -> [Int] {
            (1...level.path.count).map { rank[Array(level.path.prefix($0))] ?? Int.max }
        }
        return levels.map { ($0, key($0)) }.sorted { $0.1.lexicographicallyPrecedes($1.1) }.map(\.0)
    }
}
