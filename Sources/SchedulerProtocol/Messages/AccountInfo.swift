extension MemberShareInfo {
    public init(user: String, shares: UInt32) {
        self.init()
        self.user = user
        self.shares = shares
    }
}

extension UserInfo {
    public init(name: String, defaultProject: String, projects: [String] = []) {
        self.init()
        self.name = name
        self.defaultProject = defaultProject
        self.projects = projects
    }
}
