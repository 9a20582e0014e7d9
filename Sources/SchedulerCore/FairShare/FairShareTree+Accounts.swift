/// The accounts tree as Fair Tree sees it: schemes → projects → (project, user) leaves.
extension FairShareTree {
    /// Builds the tree from the registry and decayed usage per (project, user).
    ///
    /// - Every member of every project is a leaf, with the member's shares in that project (1 unless set), so a user
    ///   in several projects has one factor per project.
    /// - Usage of a key whose user is no longer a member still counts for the project (its work was done), as the
    ///   project's own usage; usage of a project that no longer exists is ignored.
    /// - Expired schemes and projects stay in the tree: their shares and past usage still shape their siblings' U
    ///   until the usage has decayed, exactly as if they were merely idle.
    public init(accounts: AccountRegistry, usage: [UsageKey: Double]) {
        var formerMembersUsage: [String: Double] = [:]
        // In key order: dictionary order changes from process to process, and a float sum's last bits with it.
        for key in usage.keys.sorted() {
            guard let project = accounts.projects[key.project], !project.members.contains(key.user) else { continue }
            formerMembersUsage[key.project, default: 0] += usage[key]!
        }
        let roots = accounts.schemes.values.sorted { $0.name < $1.name }.map { scheme in
            FairShareNode.account(scheme.name, shares: scheme.shares, children: accounts.projects.values
                .filter { $0.scheme == scheme.name }
                .sorted { $0.name < $1.name }
                .map { project in
                    FairShareNode.account(project.name, shares: project.shares,
                                          ownUsage: formerMembersUsage[project.name] ?? 0,
                                          children: Set(project.members).sorted().map { member in
                                              let key = UsageKey(project: project.name, user: member)
                                              return .user(key, shares: project.shares(of: member), usage: usage[key] ?? 0)
                                          })
                })
        }
        self.init(roots: roots)
    }
}
