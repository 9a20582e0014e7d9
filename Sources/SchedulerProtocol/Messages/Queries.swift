/// Payload of `queryJobs`: which jobs to list. A user's token sees only that user's own jobs; an admin
/// token sees its own jobs, or every user's with `allUsers`.
public struct QueryJobs: Sendable, Equatable {
    public var allUsers: Bool = false      // 1
    public var states: [String] = []       // 2: empty = all non-terminal states; also COMPLETING (Slurm's CG)
    public var jobIDs: [UInt64] = []       // 3 (packed): empty = no filter
    public var includeHistory: Bool = false // 4
    public var includeFinished: Bool = false // 5: also list jobs in terminal states
    public var afterJobID: UInt64 = 0      // 6: paging: only jobs with a larger id
    public var limit: UInt32 = 0           // 7: paging: at most this many (0 = the server's page size)
    /// 8: jobs as Slurm names them: "42" is job 42, or every task of the array whose id it is; "42_3" one task.
    /// Listed whatever their state (unless `states` says otherwise); together with `jobIDs`, either may match.
    public var selectors: [String] = []
    /// 9: only these users' jobs. A user may name only themself; an admin anyone (no `allUsers` needed).
    public var users: [String] = []
    /// 10: a queue listing's summary: each job's submission without its command, script and environments, which
    /// are most of an entry's bytes and which squeue's columns never show (`aisubmit queue` asks for it).
    public var summary: Bool = false
    public init() {}
}

/// Payload of `jobList`.
public struct JobList: Sendable, Equatable {
    public var jobs: [JobInfo] = [] // 1 (repeated message)
    /// 2: more jobs match; ask again with `afterJobID` = the last id of this page.
    public var more: Bool = false
    public init(jobs: [JobInfo] = []) { self.jobs = jobs }
}

/// Payload of `cancelJobs`, `releaseJobs` and `holdJobs`.
public struct JobIDList: Sendable, Equatable {
    public var jobIDs: [UInt64] = [] // 1 (packed): a job, or every task of the array it names
    public var tasks: [String] = []  // 2: one task of an array each, "ARRAYID_TASK" ("42_3")
    public init(jobIDs: [UInt64] = [], tasks: [String] = []) {
        self.jobIDs = jobIDs
        self.tasks = tasks
    }
}

/// The outcome for one job of a cancel/release/hold request.
public struct JobActionResult: Sendable, Equatable {
    public var jobID: UInt64 = 0    // 1
    public var ok: Bool = false     // 2
    public var message: String = "" // 3: why not, when !ok
    public init() {}
    public init(jobID: UInt64, ok: Bool, message: String = "") {
        self.jobID = jobID
        self.ok = ok
        self.message = message
    }
}

/// Payload of `cancelJobsReply`, `releaseJobsReply` and `holdJobsReply`.
public struct JobActionReply: Sendable, Equatable {
    public var results: [JobActionResult] = [] // 1 (repeated message)
    public init(results: [JobActionResult] = []) { self.results = results }
}

/// Payload of `readLog` (client to server) and `fetchLog` (server to agent).
public struct ReadLog: Sendable, Equatable {
    public var jobID: UInt64 = 0    // 1
    public var stderr: Bool = false // 2: false = stdout
    public var offset: UInt64 = 0   // 3: byte offset to read from
    public var maxBytes: UInt32 = 0 // 4: 0 = the server's default (64 KiB)
    /// `fetchLog` only: the file on the node to read, resolved by the server from the job's stdout or
    /// stderr path. Clients leave it empty (the server ignores it in `readLog`): the agent must not
    /// have to know how output paths are resolved.
    public var path: String = ""    // 5
    /// 6: (fetchLog only) the job's user: the agent reads the file only if that user owns it.
    public var owner: String = ""
    public init() {}
}

/// Payload of `logChunk`.
public struct LogChunk: Sendable, Equatable {
    public var data: [UInt8] = []    // 1 (bytes)
    public var nextOffset: UInt64 = 0 // 2: offset to ask for next
    public var finished: Bool = false // 3: the job has ended and `data` reached the end of the file
    public init() {}
}

// MARK: - Wire encoding (field numbers as documented above)

extension QueryJobs: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(allUsers, field: 1)
        writer.write(states, field: 2)
        writer.writePacked(jobIDs, field: 3)
        writer.write(includeHistory, field: 4)
        writer.write(includeFinished, field: 5)
        writer.write(afterJobID, field: 6)
        writer.write(limit, field: 7)
        writer.write(selectors, field: 8)
        writer.write(users, field: 9)
        writer.write(summary, field: 10)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: allUsers = try reader.readBool(wireType)
        case 2: states.append(try reader.readString(wireType))
        case 3: try reader.readPacked(wireType, into: &jobIDs)
        case 4: includeHistory = try reader.readBool(wireType)
        case 5: includeFinished = try reader.readBool(wireType)
        case 6: afterJobID = try reader.readUInt64(wireType)
        case 7: limit = try reader.readUInt32(wireType)
        case 8: selectors.append(try reader.readString(wireType))
        case 9: users.append(try reader.readString(wireType))
        case 10: summary = try reader.readBool(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension JobList: WireMessage {
    public init() { self.init(jobs: []) }

    public func encode(to writer: inout WireWriter) {
        writer.writeMessages(jobs, field: 1)
        writer.write(more, field: 2)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: jobs.append(try reader.readMessage(wireType, as: JobInfo.self))
        case 2: more = try reader.readBool(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension JobIDList: WireMessage {
    public init() { self.init(jobIDs: []) }

    public func encode(to writer: inout WireWriter) {
        writer.writePacked(jobIDs, field: 1)
        writer.write(tasks, field: 2)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: try reader.readPacked(wireType, into: &jobIDs)
        case 2: tasks.append(try reader.readString(wireType))
        default: try reader.skip(wireType)
        }
    }
}

extension JobActionResult: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(jobID, field: 1)
        writer.write(ok, field: 2)
        writer.write(message, field: 3)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: jobID = try reader.readUInt64(wireType)
        case 2: ok = try reader.readBool(wireType)
        case 3: message = try reader.readString(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension JobActionReply: WireMessage {
    public init() { self.init(results: []) }

    public func encode(to writer: inout WireWriter) {
        writer.writeMessages(results, field: 1)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: results.append(try reader.readMessage(wireType, as: JobActionResult.self))
        default: try reader.skip(wireType)
        }
    }
}

extension ReadLog: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(jobID, field: 1)
        writer.write(stderr, field: 2)
        writer.write(offset, field: 3)
        writer.write(maxBytes, field: 4)
        writer.write(path, field: 5)
        writer.write(owner, field: 6)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: jobID = try reader.readUInt64(wireType)
        case 2: stderr = try reader.readBool(wireType)
        case 3: offset = try reader.readUInt64(wireType)
        case 4: maxBytes = try reader.readUInt32(wireType)
        case 5: path = try reader.readString(wireType)
        case 6: owner = try reader.readString(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension LogChunk: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.writeBytes(data, field: 1)
        writer.write(nextOffset, field: 2)
        writer.write(finished, field: 3)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: data = try reader.readBytes(wireType)
        case 2: nextOffset = try reader.readUInt64(wireType)
        case 3: finished = try reader.readBool(wireType)
        default: try reader.skip(wireType)
        }
    }
}
