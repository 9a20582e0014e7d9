import SchedulerCore
import SchedulerProtocol

/// `accountChange` and `listAccounts`: from a request to the core's change, from the registry to the answer.
extension AccountWireMapping {
    /// The core change an `accountChange` asks for, or an `invalidRequest` naming the field that is missing. Only the
    /// shape is checked here; whether the change makes sense (unknown names, zero shares, overlapping periods) is
    /// for `AccountRegistry.applying(_:)`, whose `Rejection` the handler maps with `WireMapping.errorReply`.
    static func change(_ r: AccountChangeRequest) -> Result<AccountChange, ErrorReply> {
        guard let action = AccountChangeAction(rawValue: r.action) else {
            let known = AccountChangeAction.allCases.map(\.rawValue).joined(separator: ", ")
            return .failure(invalid(r.action.isEmpty ? "accountChange needs an action (field 1)"
                                        : "accountChange action \"\(r.action)\" is not one of: \(known)",
                                    hint: r.action.isEmpty ? "one of: \(known)" : ""))
        }
        let verb = action.rawValue
        func needs(_ what: String, _ field: String, _ name: String) -> ErrorReply? {
            name.isEmpty ? invalid("accountChange \(verb) needs \(what) with a name (field \(field))") : nil
        }
        switch action {
        case .createScheme, .updateScheme:
            if let e = needs("a scheme", "2, scheme", r.scheme.name) { return .failure(e) }
            let scheme = scheme(r.scheme)
            return .success(action == .createScheme ? .createScheme(scheme) : .updateScheme(scheme))
        case .createProject, .updateProject:
            if let e = needs("a project", "3, project", r.project.name) { return .failure(e) }
            if r.project.scheme.isEmpty {
                return .failure(invalid("accountChange \(verb) needs the project's scheme (project field 2, scheme)"))
            }
            let project = project(r.project)
            return .success(action == .createProject ? .createProject(project) : .updateProject(project))
        case .createUser, .updateUser:
            if let e = needs("a user", "4, user", r.user.name) { return .failure(e) }
            if r.user.defaultProject.isEmpty {
                return .failure(invalid("accountChange \(verb) needs the user's default project (user field 2, defaultProject)"))
            }
            let user = user(r.user)
            return .success(action == .createUser ? .createUser(user) : .updateUser(user))
        case .deleteScheme, .deleteProject, .deleteUser:
            let what = action == .deleteScheme ? "scheme" : action == .deleteProject ? "project" : "user"
            if r.name.isEmpty { return .failure(invalid("accountChange \(verb) needs the \(what) to delete (field 5, name)")) }
            return .success(action == .deleteScheme ? .deleteScheme(r.name)
                            : action == .deleteProject ? .deleteProject(r.name) : .deleteUser(r.name))
        case .addMember, .removeMember:
            if r.name.isEmpty { return .failure(invalid("accountChange \(verb) needs the user (field 5, name)")) }
            if r.memberProject.isEmpty {
                return .failure(invalid("accountChange \(verb) needs the project (field 6, memberProject)"))
            }
            // 0 is what an absent field reads as, so it means the default weight, not a share of zero.
            return .success(action == .addMember
                            ? .addMember(user: r.name, project: r.memberProject, shares: r.memberShares == 0 ? 1 : Int(r.memberShares))
                            : .removeMember(user: r.name, project: r.memberProject))
        }
    }

    /// The answer to `listAccounts`: the entities matching every filter that is set (docs/PROTOCOL.md, "Accounts,
    /// usage and reports"), each list sorted by name, and every QoS level. `viewer` is the token's user for a `user`
    /// token, who sees only their own projects, those projects' schemes and themselves; nil for an admin.
    static func accountList(_ registry: AccountRegistry, qos: QoSTable, filter: ListAccounts,
                            viewer: String?) -> AccountList {
        let mine = viewer.map { Set(registry.projects(of: $0)) }
        let projects = registry.projects.values.filter { p in
            (mine?.contains(p.name) ?? true)
                && (filter.scheme.isEmpty || p.scheme == filter.scheme)
                && (filter.project.isEmpty || p.name == filter.project)
                && (filter.user.isEmpty || p.members.contains(filter.user))
        }
        // Schemes and users are related to each other only through projects; these are the projects a scheme or
        // user may be reached through (the viewer's own, if a user asks).
        let reachable = registry.projects.values.filter { mine?.contains($0.name) ?? true }
        let schemes = registry.schemes.values.filter { s in
            let funded = reachable.filter { $0.scheme == s.name }
            return (mine == nil || !funded.isEmpty)
                && (filter.scheme.isEmpty || s.name == filter.scheme)
                && (filter.project.isEmpty || funded.contains { $0.name == filter.project })
                && (filter.user.isEmpty || funded.contains { $0.members.contains(filter.user) })
        }
        let users = registry.users.values.filter { u in
            let joined = reachable.filter { $0.members.contains(u.name) }
            return (viewer == nil || u.name == viewer)
                && (filter.scheme.isEmpty || joined.contains { $0.scheme == filter.scheme })
                && (filter.project.isEmpty || joined.contains { $0.name == filter.project })
                && (filter.user.isEmpty || u.name == filter.user)
        }
        var list = AccountList()
        list.schemes = schemes.sorted { $0.name < $1.name }.map(schemeInfo)
        list.projects = projects.sorted { $0.name < $1.name }.map(projectInfo)
        list.users = users.sorted { $0.name < $1.name }.map { userInfo($0, in: registry) }
        list.qos = qosInfos(qos)
        return list
    }

    static func invalid(_ message: String, hint: String = "") -> ErrorReply {
        ErrorReply(code: .invalidRequest, message: message, hint: hint)
    }
}
