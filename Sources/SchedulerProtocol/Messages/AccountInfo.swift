/// A funding scheme: the top of the accounts tree (docs/FAIRSHARE.md §1). Shares divide the centre between schemes;
/// its budgets and limits cap all its projects together.
public struct SchemeInfo: Sendable, Equatable {
    public var name: String = ""                    // 1
    public var displayName: String = ""             // 2
    public var shares: UInt32 = 0                   // 3: must be > 0; 0 is refused, never taken as a default
    public var budgets: [BudgetPeriodInfo] = []     // 4: non-overlapping
    public var limits: LimitsInfo = LimitsInfo()    // 5
    public var expiresMs: Int64 = 0                 // 6: 0 = never
    public init() {}
}

/// A member's fair-share weight within a project, when it is not the default of 1.
public struct MemberShareInfo: Sendable, Equatable {
    public var user: String = ""    // 1
    public var shares: UInt32 = 0   // 2
    public init() {}
    public init(user: String, shares: UInt32) {
        self.user = user
        self.shares = shares
    }
}

/// A funded research project under one scheme: the account jobs are charged to.
public struct ProjectInfo: Sendable, Equatable {
    public var name: String = ""                       // 1
    public var scheme: String = ""                     // 2
    public var displayName: String = ""                // 3
    public var shares: UInt32 = 0                      // 4: must be > 0
    public var members: [String] = []                  // 5
    public var memberShares: [MemberShareInfo] = []    // 6: members not listed have 1 share
    public var budgets: [BudgetPeriodInfo] = []        // 7: non-overlapping
    public var limits: LimitsInfo = LimitsInfo()       // 8
    public var expiresMs: Int64 = 0                    // 9: 0 = never
    public init() {}
}

/// A researcher's account.
public struct UserInfo: Sendable, Equatable {
    public var name: String = ""             // 1
    public var defaultProject: String = ""   // 2: must be one of their projects
    /// 3: the projects they are a member of. Read-only: the server fills it in and ignores it in changes
    /// (membership changes through `add-member`/`remove-member` or a project's `members`).
    public var projects: [String] = []
    public init() {}
    public init(name: String, defaultProject: String, projects: [String] = []) {
        self.name = name
        self.defaultProject = defaultProject
        self.projects = projects
    }
}

// MARK: - Wire encoding (field numbers as documented above)

extension SchemeInfo: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(name, field: 1)
        writer.write(displayName, field: 2)
        writer.write(shares, field: 3)
        writer.writeMessages(budgets, field: 4)
        writer.writeMessage(limits, field: 5)
        writer.write(expiresMs, field: 6)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: name = try reader.readString(wireType)
        case 2: displayName = try reader.readString(wireType)
        case 3: shares = try reader.readUInt32(wireType)
        case 4: budgets.append(try reader.readMessage(wireType, as: BudgetPeriodInfo.self))
        case 5: try reader.readMessage(wireType, into: &limits)
        case 6: expiresMs = try reader.readInt64(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension MemberShareInfo: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(user, field: 1)
        writer.write(shares, field: 2)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: user = try reader.readString(wireType)
        case 2: shares = try reader.readUInt32(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension ProjectInfo: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(name, field: 1)
        writer.write(scheme, field: 2)
        writer.write(displayName, field: 3)
        writer.write(shares, field: 4)
        writer.write(members, field: 5)
        writer.writeMessages(memberShares, field: 6)
        writer.writeMessages(budgets, field: 7)
        writer.writeMessage(limits, field: 8)
        writer.write(expiresMs, field: 9)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: name = try reader.readString(wireType)
        case 2: scheme = try reader.readString(wireType)
        case 3: displayName = try reader.readString(wireType)
        case 4: shares = try reader.readUInt32(wireType)
        case 5: members.append(try reader.readString(wireType))
        case 6: memberShares.append(try reader.readMessage(wireType, as: MemberShareInfo.self))
        case 7: budgets.append(try reader.readMessage(wireType, as: BudgetPeriodInfo.self))
        case 8: try reader.readMessage(wireType, into: &limits)
        case 9: expiresMs = try reader.readInt64(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension UserInfo: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(name, field: 1)
        writer.write(defaultProject, field: 2)
        writer.write(projects, field: 3)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: name = try reader.readString(wireType)
        case 2: defaultProject = try reader.readString(wireType)
        case 3: projects.append(try reader.readString(wireType))
        default: try reader.skip(wireType)
        }
    }
}
