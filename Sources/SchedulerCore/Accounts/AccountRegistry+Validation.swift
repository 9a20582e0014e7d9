/// What a well-formed accounts tree looks like, checked entity by entity so that an admin change can be checked by
/// what it touches (a registry loaded before a rule existed still accepts changes elsewhere).
///
/// Every check returns the first problem as a `Rejection` whose message names the entity and the field, and whose
/// hint says what to do; nil means valid.
extension AccountRegistry {
    /// The first problem of the whole registry (schemes, then projects, then users, each by name), or nil.
    public func validate() -> Rejection? {
        for name in schemes.keys.sorted() {
            if let problem = problem(inSchemeNamed: name) { return problem }
        }
        for name in projects.keys.sorted() {
            if let problem = problem(inProjectNamed: name) { return problem }
        }
        for name in users.keys.sorted() {
            if let problem = problem(inUserNamed: name) { return problem }
        }
        return nil
    }

    func problem(inSchemeNamed key: String) -> Rejection? {
        guard let scheme = schemes[key] else { return Rejection(.notFound, "unknown funding scheme \"\(key)\"") }
        let what = "funding scheme \"\(scheme.name)\""
        if let problem = Self.nameProblem(scheme.name, what: "funding scheme") { return problem }
        if scheme.name != key { return Rejection(.invalidRequest, "\(what) is filed under the name \"\(key)\"") }
        if let problem = Self.sharesProblem(scheme.shares, what: what) { return problem }
        if let problem = Self.budgetProblem(scheme.budgets, what: what) { return problem }
        return Self.limitsProblem(scheme.limits, what: what)
    }

    func problem(inProjectNamed key: String) -> Rejection? {
        guard let project = projects[key] else { return Rejection(.notFound, "unknown project \"\(key)\"") }
        let what = "project \"\(project.name)\""
        if let problem = Self.nameProblem(project.name, what: "project") { return problem }
        if project.name != key { return Rejection(.invalidRequest, "\(what) is filed under the name \"\(key)\"") }
        guard schemes[project.scheme] != nil else {
            return Rejection(.notFound, "\(what) names unknown funding scheme \"\(project.scheme)\"",
                             hint: "schemes: \(schemes.keys.sorted().joined(separator: ", "))")
        }
        if let problem = Self.sharesProblem(project.shares, what: what) { return problem }
        var seen: Set<String> = []
        for member in project.members {
            if let problem = Self.nameProblem(member, what: "member of \(what)") { return problem }
            if !seen.insert(member).inserted {
                return Rejection(.invalidRequest, "\(what) lists member \(member) twice")
            }
        }
        for (member, shares) in project.memberShares.sorted(by: { $0.key < $1.key }) {
            guard seen.contains(member) else {
                return Rejection(.invalidRequest, "\(what) gives shares to \(member), who is not a member",
                                 hint: "add \(member) to the project first")
            }
            if let problem = Self.sharesProblem(shares, what: "member \(member) of \(what)") { return problem }
        }
        if let problem = Self.budgetProblem(project.budgets, what: what) { return problem }
        return Self.limitsProblem(project.limits, what: what)
    }

    func problem(inUserNamed key: String) -> Rejection? {
        guard let user = users[key] else { return Rejection(.notFound, "unknown user \"\(key)\"") }
        if let problem = Self.nameProblem(user.name, what: "user") { return problem }
        if user.name != key { return Rejection(.invalidRequest, "user \"\(user.name)\" is filed under the name \"\(key)\"") }
        guard let project = projects[user.defaultProject] else {
            return Rejection(.notFound, "user \(user.name)'s default project \"\(user.defaultProject)\" does not exist",
                             hint: "projects: \(projects.keys.sorted().joined(separator: ", "))")
        }
        guard project.members.contains(user.name) else {
            return Rejection(.invalidRequest,
                             "user \(user.name)'s default project \(project.name) is not one of their projects",
                             hint: "add \(user.name) to \(project.name), or pick one of: "
                                 + projects(of: user.name).joined(separator: ", "))
        }
        return nil
    }

    // MARK: - Field rules

    /// Names end up in CLI output, file paths and SQL rows: non-empty, at most 64 characters, no spaces or
    /// control characters, and no "/" (the fair-share display joins names with it).
    static func nameProblem(_ name: String, what: String) -> Rejection? {
        if name.isEmpty { return Rejection(.invalidRequest, "a \(what) needs a name") }
        if name.count > 64 { return Rejection(.invalidRequest, "\(what) name \"\(name)\" is longer than 64 characters") }
        if name.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0 == "/" }) {
            return Rejection(.invalidRequest, "\(what) name \"\(name)\" contains a space, a control character or /")
        }
        return nil
    }

    /// Zero shares would make the account's fair share 0 forever (Slurm allows it; here it is a mistake, refused).
    static func sharesProblem(_ shares: Int, what: String) -> Rejection? {
        shares > 0 ? nil : Rejection(.invalidRequest, "\(what) needs shares > 0, not \(shares)",
                                     hint: "shares are relative weights among siblings; use 1 for an equal share")
    }

    /// Each period is non-empty with a finite, non-negative budget; together they do not overlap.
    static func budgetProblem(_ periods: [BudgetPeriod], what: String) -> Rejection? {
        for period in periods {
            if period.end <= period.start {
                return Rejection(.invalidRequest,
                                 "\(what) has a budget period that ends (\(period.end)) before it starts (\(period.start))")
            }
            if !period.gpuHours.isFinite || period.gpuHours < 0 {
                return Rejection(.invalidRequest, "\(what) has a budget period of \(period.gpuHours) GPU-hours",
                                 hint: "a budget is a finite number of GPU-hours ≥ 0")
            }
        }
        let sorted = periods.sorted { $0.start < $1.start }
        for (earlier, later) in zip(sorted, sorted.dropFirst()) where later.start < earlier.end {
            return Rejection(.invalidRequest,
                             "\(what) has overlapping budget periods \(earlier.start)–\(earlier.end) and \(later.start)–\(later.end)",
                             hint: "periods of one account must not overlap; end one before the next starts")
        }
        return nil
    }

    static func limitsProblem(_ limits: AccountLimits, what: String) -> Rejection? {
        let numbers: [(String, Int?)] = [("maxGPUsInUse", limits.maxGPUsInUse), ("maxRunningJobs", limits.maxRunningJobs),
                                         ("maxGPUsPerJob", limits.maxGPUsPerJob)]
        for (field, value) in numbers {
            if let value, value < 0 { return Rejection(.invalidRequest, "\(what) has \(field) \(value) < 0") }
        }
        if limits.allowedGPUModels.contains(where: { GPUModelName.words($0).isEmpty }) {
            return Rejection(.invalidRequest, "\(what) allows an empty GPU model name")
        }
        return nil
    }
}
