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

/// Payload of `accountChange` (admin only): one change to the accounts tree. Which fields count depends on
/// `action`: create/update-scheme read `scheme`, create/update-project `project`, create/update-user `user` (whole
/// entities: an update replaces the entity, so clients fetch it with `listAccounts` first); the deletes read `name`;
/// add/remove-member read `name` (the user), `memberProject` and, for add, `memberShares`.
/// The reply (`accountChangeReply`) is an `AuditList` of the entries the change wrote.
public struct AccountChangeRequest: Sendable, Equatable {
    public var action: String = ""                  // 1: an `AccountChangeAction` word
    public var scheme: SchemeInfo = SchemeInfo()    // 2
    public var project: ProjectInfo = ProjectInfo() // 3
    public var user: UserInfo = UserInfo()          // 4
    public var name: String = ""                    // 5: what to delete; the user of add/remove-member
    public var memberProject: String = ""           // 6
    public var memberShares: UInt32 = 0             // 7: add-member; 0 (absent) = the default, 1
    public init() {}
    public init(_ action: AccountChangeAction) { self.action = action.rawValue }
}

/// Payload of `listAccounts`. Every filter left "" matches everything; each list of the answer holds the entities
/// that match every filter that is set. An entity matches a filter if it is the entity named, or is related to it:
/// a scheme and the projects it funds, a project and its members, a scheme and its projects' members. A user token
/// sees only its own projects, their schemes and itself, whatever the filters.
public struct ListAccounts: Sendable, Equatable {
    public var scheme: String = ""  // 1
    public var project: String = "" // 2
    public var user: String = ""    // 3
    public init() {}
    public init(scheme: String = "", project: String = "", user: String = "") {
        self.scheme = scheme
        self.project = project
        self.user = user
    }
}

/// Payload of `accountList`: each list sorted by name. `qos` always holds every QoS level.
public struct AccountList: Sendable, Equatable {
    public var schemes: [SchemeInfo] = []   // 1
    public var projects: [ProjectInfo] = [] // 2
    public var users: [UserInfo] = []       // 3
    public var qos: [QoSInfo] = []          // 4
    public init() {}
}

/// Payload of `qosUpdate` (admin only): the whole new policy of the level `qos.name` (fetch it with `listAccounts`
/// and change what you mean to). Answered with `qosUpdateReply`, an `AuditList`.
public struct QoSUpdate: Sendable, Equatable {
    public var qos: QoSInfo = QoSInfo() // 1
    public init() {}
    public init(qos: QoSInfo) { self.qos = qos }
}

// MARK: - Wire encoding (field numbers as documented above)

extension AccountChangeRequest: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(action, field: 1)
        writer.writeMessage(scheme, field: 2)
        writer.writeMessage(project, field: 3)
        writer.writeMessage(user, field: 4)
        writer.write(name, field: 5)
        writer.write(memberProject, field: 6)
        writer.write(memberShares, field: 7)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: action = try reader.readString(wireType)
        case 2: try reader.readMessage(wireType, into: &scheme)
        case 3: try reader.readMessage(wireType, into: &project)
        case 4: try reader.readMessage(wireType, into: &user)
        case 5: name = try reader.readString(wireType)
        case 6: memberProject = try reader.readString(wireType)
        case 7: memberShares = try reader.readUInt32(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension ListAccounts: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(scheme, field: 1)
        writer.write(project, field: 2)
        writer.write(user, field: 3)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: scheme = try reader.readString(wireType)
        case 2: project = try reader.readString(wireType)
        case 3: user = try reader.readString(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension AccountList: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.writeMessages(schemes, field: 1)
        writer.writeMessages(projects, field: 2)
        writer.writeMessages(users, field: 3)
        writer.writeMessages(qos, field: 4)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: schemes.append(try reader.readMessage(wireType, as: SchemeInfo.self))
        case 2: projects.append(try reader.readMessage(wireType, as: ProjectInfo.self))
        case 3: users.append(try reader.readMessage(wireType, as: UserInfo.self))
        case 4: qos.append(try reader.readMessage(wireType, as: QoSInfo.self))
        default: try reader.skip(wireType)
        }
    }
}

extension QoSUpdate: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.writeMessage(qos, field: 1)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: try reader.readMessage(wireType, into: &qos)
        default: try reader.skip(wireType)
        }
    }
}
