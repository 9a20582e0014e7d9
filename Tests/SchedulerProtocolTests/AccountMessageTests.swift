import SchedulerProtocol
import Testing

/// What is particular to the account, audit, usage and priority messages (kinds 80–93): sint64, the plus-one limits,
/// the kind numbers. Their round trips and fuzzing run with every other message (Samples.accounts).
@Suite("Account messages")
struct AccountMessageTests {
    static func usage(remaining: Int64) -> [UInt8] {
        var u = ProjectUsageInfo()
        u.remainingMilliGPUHours = remaining
        return u.wireBytes()
    }

    @Test("sint64 is zigzag, byte for byte", arguments: [
        // Field 8, wire type 0: key 0x40.
        (Int64(-1), [0x40, 0x01] as [UInt8]),
        (1, [0x40, 0x02]),
        (-500, [0x40, 0xE7, 0x07]),
        (Int64.max, [0x40, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
        (Int64.min, [0x40, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
        (0, []),
    ] as [(Int64, [UInt8])])
    func sint64(_ value: Int64, _ expected: [UInt8]) throws {
        #expect(Self.usage(remaining: value) == expected)
        #expect(try ProjectUsageInfo(wireBytes: expected).remainingMilliGPUHours == value)
    }

    @Test("a limit of 0 survives the wire; no limit costs nothing")
    func plusOneLimits() throws {
        #expect(LimitsInfo.plusOne(UInt32?.none) == 0)
        #expect(LimitsInfo.plusOne(UInt32(0)) == 1)
        #expect(LimitsInfo.plusOne(UInt32(16)) == 17)
        #expect(LimitsInfo.plusOne(UInt32.max) == UInt32.max)
        #expect(LimitsInfo.limit(UInt32(0)) == nil)
        #expect(LimitsInfo.limit(UInt32(1)) == 0)
        #expect(LimitsInfo.limit(UInt64(17)) == 16)

        var suspended = ProjectInfo()
        suspended.limits.maxRunningJobsPlusOne = LimitsInfo.plusOne(UInt32(0))
        // Field 8 (limits) holding field 2 = 1.
        #expect(suspended.wireBytes() == [0x42, 0x02, 0x10, 0x01])
        #expect(LimitsInfo.limit(try ProjectInfo(wireBytes: suspended.wireBytes()).limits.maxRunningJobsPlusOne) == 0)
        #expect(ProjectInfo().wireBytes().isEmpty)
    }

    @Test("kinds 80–95 pair each request with the next number, and have names")
    func kinds() {
        let pairs: [(MessageKind, MessageKind)] = [
            (.accountChange, .accountChangeReply), (.listAccounts, .accountList), (.qosUpdate, .qosUpdateReply),
            (.listAudit, .auditList), (.queryUsage, .usageReport), (.fundingReport, .fundingReportRows),
            (.jobPriority, .priorityBreakdown), (.queryHistory, .historyList),
        ]
        #expect(pairs.map(\.0.rawValue) == Array(stride(from: 80, through: 94, by: 2)))
        for (request, reply) in pairs {
            #expect(reply.rawValue == request.rawValue + 1)
            #expect(!request.description.hasPrefix("kind(") && !reply.description.hasPrefix("kind("))
        }
        #expect(MessageKind.priorityBreakdown.description == "priorityBreakdown")
        #expect(MessageKind.queryHistory.description == "queryHistory" && MessageKind.historyList.rawValue == 95)
    }

    @Test("account change actions are the documented words")
    func actions() {
        #expect(AccountChangeAction.allCases.map(\.rawValue) == [
            "create-scheme", "update-scheme", "delete-scheme", "create-project", "update-project", "delete-project",
            "create-user", "update-user", "delete-user", "add-member", "remove-member",
        ])
        #expect(AccountChangeRequest(.deleteProject).action == "delete-project")
    }

    @Test("a nested all-default entity is left out of a change request")
    func changeRequestOmitsEmptyEntities() throws {
        var c = AccountChangeRequest(.deleteScheme)
        c.name = "ugc"
        // Field 1 "delete-scheme", field 5 "ugc"; no scheme/project/user fields.
        #expect(c.wireBytes() == Raw.string(1, "delete-scheme") + Raw.string(5, "ugc"))
        #expect(try AccountChangeRequest(wireBytes: c.wireBytes()) == c)
    }
}
