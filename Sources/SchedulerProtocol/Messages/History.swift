/// Payload of `queryHistory` (sacct), answered with `historyList`, whose payload is a `JobList` (jobs without state
/// histories, in id order, paged as `queryJobs`'s): jobs as the database holds them, finished ones included long after they left
/// the live queue. A user's token sees only that user's own jobs; an admin token anyone's, with `allUsers` or by
/// naming users.
public struct QueryHistory: Sendable, Equatable {
    /// 1: only these users' jobs. A user may name only themself (or no one: their own); an admin anyone.
    public var users: [String] = []
    public var allUsers: Bool = false      // 2: admins: every user's jobs
    public var projects: [String] = []     // 3: only jobs charged to these projects (sacct -A)
    public var states: [String] = []       // 4: only jobs in these states (sacct -s), e.g. "COMPLETED"
    /// 5: jobs as Slurm names them: "42" is job 42 and, when it is an array's id, every task of it; "42_3" one task.
    public var selectors: [String] = []
    /// 6: the window's start (ms since the epoch; 0: none): jobs that had not ended before it (sacct -S).
    public var fromMs: Int64 = 0
    /// 7: the window's end (0: none): jobs submitted by then (sacct -E).
    public var toMs: Int64 = 0
    public var afterJobID: UInt64 = 0      // 8: paging: only jobs with a larger id
    public var limit: UInt32 = 0           // 9: paging: at most this many (0 = the server's page size)
    public init() {}
}

extension QueryHistory: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(users, field: 1)
        writer.write(allUsers, field: 2)
        writer.write(projects, field: 3)
        writer.write(states, field: 4)
        writer.write(selectors, field: 5)
        writer.write(fromMs, field: 6)
        writer.write(toMs, field: 7)
        writer.write(afterJobID, field: 8)
        writer.write(limit, field: 9)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: users.append(try reader.readString(wireType))
        case 2: allUsers = try reader.readBool(wireType)
        case 3: projects.append(try reader.readString(wireType))
        case 4: states.append(try reader.readString(wireType))
        case 5: selectors.append(try reader.readString(wireType))
        case 6: fromMs = try reader.readInt64(wireType)
        case 7: toMs = try reader.readInt64(wireType)
        case 8: afterJobID = try reader.readUInt64(wireType)
        case 9: limit = try reader.readUInt32(wireType)
        default: try reader.skip(wireType)
        }
    }
}
