/// One node's share of a running job.
public struct NodeAllocationInfo: Sendable, Equatable {
    public var node: String = ""        // 1
    public var cpus: [UInt32] = []      // 2 (packed)
    public var gpus: [UInt32] = []      // 3 (packed)
    public var numaNodes: [UInt32] = [] // 4 (packed)
    public var memoryMB: UInt64 = 0     // 5
    public init() {}
}

/// One entry of a job's state history.
public struct StateChangeInfo: Sendable, Equatable {
    public var atMs: Int64 = 0   // 1: milliseconds since the Unix epoch
    public var state: String = "" // 2
    public var reason: String = "" // 3
    public init() {}
    public init(atMs: Int64, state: String, reason: String) {
        self.atMs = atMs
        self.state = state
        self.reason = reason
    }
}

/// Everything a client may see of a job. Times are ms since the Unix epoch; 0 means "not yet".
public struct JobInfo: Sendable, Equatable {
    public var id: UInt64 = 0                          // 1
    public var name: String = ""                       // 2
    public var user: String = ""                       // 3
    public var project: String = ""                    // 4
    public var state: String = ""                      // 5: PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, NODE_FAIL
    public var reason: String = ""                     // 6: why pending / why it ended
    public var submitTimeMs: Int64 = 0                 // 7
    public var startTimeMs: Int64 = 0                  // 8
    public var endTimeMs: Int64 = 0                    // 9
    public var exitCode: Int32 = 0                     // 10 (zigzag)
    public var hasExitCode: Bool = false               // 11
    public var workdir: String = ""                    // 12
    public var allocation: [NodeAllocationInfo] = []   // 13 (repeated message)
    public var history: [StateChangeInfo] = []         // 14 (repeated message; only when asked for)
    public var submission: JobSubmission = JobSubmission() // 15
    public var held: Bool = false                      // 16
    public var stdoutPath: String = ""                 // 17: resolved path on the node
    public var stderrPath: String = ""                 // 18
    public var signal: UInt32 = 0                      // 19: signal that ended it, 0 if none
    public var notes: [String] = []                    // 20: what the nodes said about how they ran it
    public var arrayJobID: UInt64 = 0                  // 21: the job array it is a task of (its first job id), 0 if none
    public var arrayTaskID: UInt32 = 0                 // 22: its task id; meaningful only when arrayJobID != 0
    public var dependency: String = ""                 // 23: what it waits for, "" if nothing
    // The outlook of a pending job (as of the last scheduling cycle):
    public var estimatedStartMs: Int64 = 0             // 24: when its reservation begins, 0 if it has none
    public var jobsAhead: UInt32 = 0                   // 25: jobs ahead of it in the queue that wait for resources
    public var startsAfter: [UInt64] = []              // 26 (packed): the jobs whose end makes room for it
    public var reservedNodes: [String] = []            // 27: the nodes it is promised
    public var preemptedBy: UInt64 = 0                 // 28: a running job being stopped for this job, 0 if not
    /// 29: Slurm's COMPLETING: it has ended (`state` says how) but some of its processes are still being stopped.
    public var completing: Bool = false
    public init() {}
}

// MARK: - Wire encoding (field numbers as documented above)

extension NodeAllocationInfo: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(node, field: 1)
        writer.writePacked(cpus, field: 2)
        writer.writePacked(gpus, field: 3)
        writer.writePacked(numaNodes, field: 4)
        writer.write(memoryMB, field: 5)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: node = try reader.readString(wireType)
        case 2: try reader.readPacked(wireType, into: &cpus)
        case 3: try reader.readPacked(wireType, into: &gpus)
        case 4: try reader.readPacked(wireType, into: &numaNodes)
        case 5: memoryMB = try reader.readUInt64(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension StateChangeInfo: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(atMs, field: 1)
        writer.write(state, field: 2)
        writer.write(reason, field: 3)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: atMs = try reader.readInt64(wireType)
        case 2: state = try reader.readString(wireType)
        case 3: reason = try reader.readString(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension JobInfo: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(id, field: 1)
        writer.write(name, field: 2)
        writer.write(user, field: 3)
        writer.write(project, field: 4)
        writer.write(state, field: 5)
        writer.write(reason, field: 6)
        writer.write(submitTimeMs, field: 7)
        writer.write(startTimeMs, field: 8)
        writer.write(endTimeMs, field: 9)
        writer.writeZigZag(exitCode, field: 10)
        writer.write(hasExitCode, field: 11)
        writer.write(workdir, field: 12)
        writer.writeMessages(allocation, field: 13)
        writer.writeMessages(history, field: 14)
        writer.writeMessage(submission, field: 15)
        writer.write(held, field: 16)
        writer.write(stdoutPath, field: 17)
        writer.write(stderrPath, field: 18)
        writer.write(signal, field: 19)
        writer.write(notes, field: 20)
        writer.write(arrayJobID, field: 21)
        writer.write(arrayTaskID, field: 22)
        writer.write(dependency, field: 23)
        writer.write(estimatedStartMs, field: 24)
        writer.write(jobsAhead, field: 25)
        writer.writePacked(startsAfter, field: 26)
        writer.write(reservedNodes, field: 27)
        writer.write(preemptedBy, field: 28)
        writer.write(completing, field: 29)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: id = try reader.readUInt64(wireType)
        case 2: name = try reader.readString(wireType)
        case 3: user = try reader.readString(wireType)
        case 4: project = try reader.readString(wireType)
        case 5: state = try reader.readString(wireType)
        case 6: reason = try reader.readString(wireType)
        case 7: submitTimeMs = try reader.readInt64(wireType)
        case 8: startTimeMs = try reader.readInt64(wireType)
        case 9: endTimeMs = try reader.readInt64(wireType)
        case 10: exitCode = try reader.readZigZagInt32(wireType)
        case 11: hasExitCode = try reader.readBool(wireType)
        case 12: workdir = try reader.readString(wireType)
        case 13: allocation.append(try reader.readMessage(wireType, as: NodeAllocationInfo.self))
        case 14: history.append(try reader.readMessage(wireType, as: StateChangeInfo.self))
        case 15: try reader.readMessage(wireType, into: &submission)
        case 16: held = try reader.readBool(wireType)
        case 17: stdoutPath = try reader.readString(wireType)
        case 18: stderrPath = try reader.readString(wireType)
        case 19: signal = try reader.readUInt32(wireType)
        case 20: notes.append(try reader.readString(wireType))
        case 21: arrayJobID = try reader.readUInt64(wireType)
        case 22: arrayTaskID = try reader.readUInt32(wireType)
        case 23: dependency = try reader.readString(wireType)
        case 24: estimatedStartMs = try reader.readInt64(wireType)
        case 25: jobsAhead = try reader.readUInt32(wireType)
        case 26: try reader.readPacked(wireType, into: &startsAfter)
        case 27: reservedNodes.append(try reader.readString(wireType))
        case 28: preemptedBy = try reader.readUInt64(wireType)
        case 29: completing = try reader.readBool(wireType)
        default: try reader.skip(wireType)
        }
    }
}
