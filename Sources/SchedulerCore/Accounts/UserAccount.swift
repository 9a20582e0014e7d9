/// A researcher with an account. A user may belong to several projects and picks one at submit; `defaultProject`
/// is used when they do not, and MUST be one of their projects.
public struct UserAccount: Hashable, Sendable, Codable {
    public var name: String
    public var defaultProject: String

    public init(name: String, defaultProject: String) {
        self.name = name
        self.defaultProject = defaultProject
    }
}
