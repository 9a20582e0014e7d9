/// The words of `AccountChangeRequest.action`. The field is a string rather than an enum number so that a server
/// can name an action it does not know in its error, and so the log and audit read the same word.
public enum AccountChangeAction: String, Sendable, CaseIterable {
    case createScheme = "create-scheme"
    case updateScheme = "update-scheme"
    case deleteScheme = "delete-scheme"
    case createProject = "create-project"
    case updateProject = "update-project"
    case deleteProject = "delete-project"
    case createUser = "create-user"
    case updateUser = "update-user"
    case deleteUser = "delete-user"
    case addMember = "add-member"
    case removeMember = "remove-member"
}

extension AccountChangeRequest {
    public init(_ action: AccountChangeAction) {
        self.init()
        self.action = action.rawValue
    }
}

extension ListAccounts {
    public init(scheme: String = "", project: String = "", user: String = "") {
        self.init()
        self.scheme = scheme
        self.project = project
        self.user = user
    }
}

extension QoSUpdate {
    public init(qos: QoSInfo) {
        self.init()
        self.qos = qos
    }
}
