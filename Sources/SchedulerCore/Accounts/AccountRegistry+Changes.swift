/// Admin changes: each returns the changed registry, or a `Rejection` and nothing changed (the registry is a value;
/// the caller keeps the old one). Each change checks the entities it touches with the rules of
/// AccountRegistry+Validation.swift, so the result of a successful change is valid wherever the change reached.
extension AccountRegistry {
    public func applying(_ change: AccountChange) -> Result<AccountRegistry, Rejection> {
        var next = self
        var touchedSchemes: [String] = []
        var touchedProjects: [String] = []
        var touchedUsers: [String] = []

        switch change {
        case .createScheme(let scheme):
            if schemes[scheme.name] != nil {
                return .failure(Rejection(.conflict, "funding scheme \(scheme.name) already exists",
                                          hint: "use an update to change it"))
            }
            next.schemes[scheme.name] = scheme
            touchedSchemes = [scheme.name]

        case .updateScheme(let scheme):
            guard schemes[scheme.name] != nil else { return .failure(unknownScheme(scheme.name)) }
            next.schemes[scheme.name] = scheme
            touchedSchemes = [scheme.name]

        case .deleteScheme(let name):
            guard schemes[name] != nil else { return .failure(unknownScheme(name)) }
            let funded = projects.values.filter { $0.scheme == name }.map(\.name).sorted()
            if !funded.isEmpty {
                return .failure(Rejection(.conflict, "funding scheme \(name) still funds \(funded.joined(separator: ", "))",
                                          hint: "move or delete those projects first"))
            }
            next.schemes[name] = nil

        case .createProject(let project):
            if projects[project.name] != nil {
                return .failure(Rejection(.conflict, "project \(project.name) already exists",
                                          hint: "use an update to change it"))
            }
            next.projects[project.name] = project
            touchedProjects = [project.name]

        case .updateProject(let project):
            guard projects[project.name] != nil else { return .failure(unknownProject(project.name)) }
            next.projects[project.name] = project
            touchedProjects = [project.name]
            touchedUsers = users.values.filter { $0.defaultProject == project.name }.map(\.name)

        case .deleteProject(let name):
            guard projects[name] != nil else { return .failure(unknownProject(name)) }
            let defaulting = users.values.filter { $0.defaultProject == name }.map(\.name).sorted()
            if !defaulting.isEmpty {
                return .failure(Rejection(.conflict, "project \(name) is the default project of \(defaulting.joined(separator: ", "))",
                                          hint: "give those users another default project first"))
            }
            next.projects[name] = nil

        case .createUser(let user):
            if users[user.name] != nil {
                return .failure(Rejection(.conflict, "user \(user.name) already exists", hint: "use an update to change it"))
            }
            guard var project = projects[user.defaultProject] else { return .failure(unknownProject(user.defaultProject)) }
            if !project.members.contains(user.name) { project.members.append(user.name) }
            next.projects[project.name] = project
            next.users[user.name] = user
            touchedProjects = [project.name]
            touchedUsers = [user.name]

        case .updateUser(let user):
            guard users[user.name] != nil else { return .failure(unknownUser(user.name)) }
            next.users[user.name] = user
            touchedUsers = [user.name]

        case .deleteUser(let name):
            guard users[name] != nil else { return .failure(unknownUser(name)) }
            next.users[name] = nil
            for var project in projects.values where project.members.contains(name) {
                project.members.removeAll { $0 == name }
                project.memberShares[name] = nil
                next.projects[project.name] = project
            }

        case .addMember(let user, let projectName, let shares):
            guard var project = projects[projectName] else { return .failure(unknownProject(projectName)) }
            if project.members.contains(user) {
                return .failure(Rejection(.conflict, "\(user) is already a member of project \(projectName)",
                                          hint: "update the project to change a member's shares"))
            }
            project.members.append(user)
            // 1 is the default weight, so it is not stored; anything else (0 included) is, and validation judges it.
            if shares != 1 { project.memberShares[user] = shares }
            next.projects[projectName] = project
            touchedProjects = [projectName]

        case .removeMember(let user, let projectName):
            guard var project = projects[projectName] else { return .failure(unknownProject(projectName)) }
            guard project.members.contains(user) else {
                return .failure(Rejection(.notFound, "\(user) is not a member of project \(projectName)"))
            }
            if users[user]?.defaultProject == projectName {
                return .failure(Rejection(.conflict, "project \(projectName) is \(user)'s default project",
                                          hint: "give \(user) another default project first"))
            }
            project.members.removeAll { $0 == user }
            project.memberShares[user] = nil
            next.projects[projectName] = project
        }

        for name in touchedSchemes { if let problem = next.problem(inSchemeNamed: name) { return .failure(problem) } }
        for name in touchedProjects { if let problem = next.problem(inProjectNamed: name) { return .failure(problem) } }
        for name in touchedUsers.sorted() { if let problem = next.problem(inUserNamed: name) { return .failure(problem) } }
        return .success(next)
    }

    /// The entity at `subject`, or nil if there is none.
    public func entity(_ subject: AccountSubject) -> AccountEntity? {
        switch subject {
        case .scheme(let name): schemes[name].map(AccountEntity.scheme)
        case .project(let name): projects[name].map(AccountEntity.project)
        case .user(let name): users[name].map(AccountEntity.user)
        }
    }

    /// Every entity that differs from `old`, sorted (schemes, projects, users, each by name): the before/after
    /// rows of an audit-log entry. Works for any pair of registries, so a bulk import is audited the same way.
    public func diff(from old: AccountRegistry) -> [AccountDiffEntry] {
        var subjects: Set<AccountSubject> = []
        for name in Set(schemes.keys).union(old.schemes.keys) where schemes[name] != old.schemes[name] {
            subjects.insert(.scheme(name))
        }
        for name in Set(projects.keys).union(old.projects.keys) where projects[name] != old.projects[name] {
            subjects.insert(.project(name))
        }
        for name in Set(users.keys).union(old.users.keys) where users[name] != old.users[name] {
            subjects.insert(.user(name))
        }
        return subjects.sorted().map { AccountDiffEntry(subject: $0, before: old.entity($0), after: entity($0)) }
    }

    private func unknownScheme(_ name: String) -> Rejection {
        Rejection(.notFound, "unknown funding scheme \"\(name)\"", hint: "schemes: \(schemes.keys.sorted().joined(separator: ", "))")
    }

    private func unknownProject(_ name: String) -> Rejection {
        Rejection(.notFound, "unknown project \"\(name)\"", hint: "projects: \(projects.keys.sorted().joined(separator: ", "))")
    }

    private func unknownUser(_ name: String) -> Rejection {
        Rejection(.notFound, "unknown user \"\(name)\"")
    }
}
