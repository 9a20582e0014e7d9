/// Job steps: `srun` inside a running job starts tasks on the job's nodes through schedd and the node agents.
///
/// `srun` → schedd: `runStep`; schedd → each agent of the step: `startStep` (push); agents → schedd: `stepOutput`
/// and `stepTaskExited`; schedd → `srun`: `stepOutput` pushes, then `stepEnded` as the reply to `runStep`.

/// Payload of `runStep`. Zero counts mean "as the job was given" (Slurm's srun inside an allocation).
public struct RunStep: Sendable, Equatable {
    public var jobID: UInt64 = 0           // 1
    public var argv: [String] = []         // 2
    public var environment: [String] = []  // 3: srun's own environment, which every task starts from
    public var workdir: String = ""        // 4
    public var ntasks: UInt32 = 0          // 5
    public var ntasksPerNode: UInt32 = 0   // 6
    public var nodes: UInt32 = 0           // 7
    public var cpusPerTask: UInt32 = 0     // 8
    public var gpusPerTask: UInt32 = 0     // 9
    public var pty: Bool = false           // 10: rank 0 runs on a pseudo-terminal fed by `stepInput`
    public var rows: UInt32 = 0            // 11: its window size
    public var cols: UInt32 = 0            // 12
    public var nodeList: [String] = []     // 13: -w: the step runs on these of the job's nodes
    public var killOnBadExit: Bool = false // 14: -K: a failed task ends the whole step
    public var waitSeconds: UInt32 = 0     // 15: -W: once a task ends, the others get this long (0: unlimited)
    public init() {}
}

/// Payload of `stepInput` (srun → schedd, schedd → the agent of rank 0 as a push): keystrokes for a step's pty
/// task, a window size change, or the end of input.
public struct StepInput: Sendable, Equatable {
    public var jobID: UInt64 = 0           // 1
    public var stepID: UInt32 = 0          // 2: set by schedd (srun's steps are known by its connection)
    public var data: [UInt8] = []          // 3 (bytes)
    public var eof: Bool = false           // 4
    public var rows: UInt32 = 0            // 5: with cols, a new window size (0: unchanged)
    public var cols: UInt32 = 0            // 6
    public init() {}
}

/// Payload of `endAllocation`: an interactive allocation's session is over, now or when this connection closes.
public struct EndAllocation: Sendable, Equatable {
    public var jobID: UInt64 = 0           // 1
    public var exitCode: Int32 = 0         // 2 (zigzag): the session's, which decides COMPLETED or FAILED
    public var whenConnectionCloses: Bool = false // 3: do not end it now; cancel it if this connection closes first
    public init() {}
}

/// Payload of `stepEnded`, the reply to `runStep`: how each task ended, in rank order.
public struct StepEnded: Sendable, Equatable {
    public var stepID: UInt32 = 0          // 1
    public var exitCodes: [UInt32] = []    // 2 (packed): by rank
    public var signals: [UInt32] = []      // 3 (packed): by rank, 0 when the task exited by itself
    public var messages: [String] = []     // 4: why a task could not start, "" for the others, by rank
    public init() {}
}

/// Payload of `stepOutput` (agent → schedd, and schedd → srun as a push): a slice of one task's output.
public struct StepOutput: Sendable, Equatable {
    public var jobID: UInt64 = 0           // 1
    public var stepID: UInt32 = 0          // 2
    public var rank: UInt32 = 0            // 3
    public var stderr: Bool = false        // 4
    public var data: [UInt8] = []          // 5 (bytes)
    public init() {}
}

/// Payload of `stepTaskExited` (agent → schedd).
public struct StepTaskExited: Sendable, Equatable {
    public var jobID: UInt64 = 0           // 1
    public var stepID: UInt32 = 0          // 2
    public var rank: UInt32 = 0            // 3
    public var exitCode: Int32 = 0         // 4 (zigzag)
    public var signal: UInt32 = 0          // 5
    public var message: String = ""        // 6: why it could not start
    public init() {}
}

extension StepTaskExited {
    /// A task that could not start, or whose end cannot be known: exit code 1, and why.
    public static func failed(jobID: UInt64, stepID: UInt32, rank: UInt32, why: String) -> StepTaskExited {
        var exit = StepTaskExited()
        exit.jobID = jobID
        exit.stepID = stepID
        exit.rank = rank
        exit.exitCode = 1
        exit.message = why
        return exit
    }
}

/// One task of a step on one node.
public struct StepTask: Sendable, Equatable {
    public var rank: UInt32 = 0            // 1: SLURM_PROCID
    public var environment: [String] = []  // 2: the task's own variables, applied over the step's
    public var cpus: [UInt32] = []         // 3 (packed): CPUs it is bound to
    public var gpus: [UInt32] = []         // 4 (packed): GPUs it sees
    public init() {}
}

/// Payload of `startStep` (push to an agent): this node's tasks of a step.
public struct StartStep: Sendable, Equatable {
    public var jobID: UInt64 = 0           // 1
    public var stepID: UInt32 = 0          // 2
    public var user: String = ""           // 3
    public var workdir: String = ""        // 4
    public var argv: [String] = []         // 5
    public var environment: [String] = []  // 6: common to every task (srun's)
    public var tasks: [StepTask] = []      // 7
    public var numaNodes: [UInt32] = []    // 8 (packed): the job's NUMA nodes here, for memory binding
    public var pty: Bool = false           // 9: the task of rank 0 (if here) gets a pseudo-terminal
    public var rows: UInt32 = 0            // 10
    public var cols: UInt32 = 0            // 11
    public init() {}
}

/// Payload of `signalStep` (srun → schedd) and `stopStep` (schedd → agent).
public struct SignalStep: Sendable, Equatable {
    public var jobID: UInt64 = 0           // 1
    public var stepID: UInt32 = 0          // 2
    public var signal: UInt32 = 0          // 3
    public init() {}
}

// MARK: - Wire encoding (field numbers as documented above)

extension RunStep: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(jobID, field: 1)
        writer.write(argv, field: 2)
        writer.write(environment, field: 3)
        writer.write(workdir, field: 4)
        writer.write(ntasks, field: 5)
        writer.write(ntasksPerNode, field: 6)
        writer.write(nodes, field: 7)
        writer.write(cpusPerTask, field: 8)
        writer.write(gpusPerTask, field: 9)
        writer.write(pty, field: 10)
        writer.write(rows, field: 11)
        writer.write(cols, field: 12)
        writer.write(nodeList, field: 13)
        writer.write(killOnBadExit, field: 14)
        writer.write(waitSeconds, field: 15)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: jobID = try reader.readUInt64(wireType)
        case 2: argv.append(try reader.readString(wireType))
        case 3: environment.append(try reader.readString(wireType))
        case 4: workdir = try reader.readString(wireType)
        case 5: ntasks = try reader.readUInt32(wireType)
        case 6: ntasksPerNode = try reader.readUInt32(wireType)
        case 7: nodes = try reader.readUInt32(wireType)
        case 8: cpusPerTask = try reader.readUInt32(wireType)
        case 9: gpusPerTask = try reader.readUInt32(wireType)
        case 10: pty = try reader.readBool(wireType)
        case 11: rows = try reader.readUInt32(wireType)
        case 12: cols = try reader.readUInt32(wireType)
        case 13: nodeList.append(try reader.readString(wireType))
        case 14: killOnBadExit = try reader.readBool(wireType)
        case 15: waitSeconds = try reader.readUInt32(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension StepInput: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(jobID, field: 1)
        writer.write(stepID, field: 2)
        writer.writeBytes(data, field: 3)
        writer.write(eof, field: 4)
        writer.write(rows, field: 5)
        writer.write(cols, field: 6)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: jobID = try reader.readUInt64(wireType)
        case 2: stepID = try reader.readUInt32(wireType)
        case 3: data = try reader.readBytes(wireType)
        case 4: eof = try reader.readBool(wireType)
        case 5: rows = try reader.readUInt32(wireType)
        case 6: cols = try reader.readUInt32(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension EndAllocation: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(jobID, field: 1)
        writer.writeZigZag(exitCode, field: 2)
        writer.write(whenConnectionCloses, field: 3)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: jobID = try reader.readUInt64(wireType)
        case 2: exitCode = try reader.readZigZagInt32(wireType)
        case 3: whenConnectionCloses = try reader.readBool(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension StepEnded: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(stepID, field: 1)
        writer.writePacked(exitCodes, field: 2)
        writer.writePacked(signals, field: 3)
        writer.write(messages, field: 4)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: stepID = try reader.readUInt32(wireType)
        case 2: try reader.readPacked(wireType, into: &exitCodes)
        case 3: try reader.readPacked(wireType, into: &signals)
        case 4: messages.append(try reader.readString(wireType))
        default: try reader.skip(wireType)
        }
    }
}

extension StepOutput: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(jobID, field: 1)
        writer.write(stepID, field: 2)
        writer.write(rank, field: 3)
        writer.write(stderr, field: 4)
        writer.writeBytes(data, field: 5)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: jobID = try reader.readUInt64(wireType)
        case 2: stepID = try reader.readUInt32(wireType)
        case 3: rank = try reader.readUInt32(wireType)
        case 4: stderr = try reader.readBool(wireType)
        case 5: data = try reader.readBytes(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension StepTaskExited: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(jobID, field: 1)
        writer.write(stepID, field: 2)
        writer.write(rank, field: 3)
        writer.writeZigZag(exitCode, field: 4)
        writer.write(signal, field: 5)
        writer.write(message, field: 6)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: jobID = try reader.readUInt64(wireType)
        case 2: stepID = try reader.readUInt32(wireType)
        case 3: rank = try reader.readUInt32(wireType)
        case 4: exitCode = try reader.readZigZagInt32(wireType)
        case 5: signal = try reader.readUInt32(wireType)
        case 6: message = try reader.readString(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension StepTask: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(rank, field: 1)
        writer.write(environment, field: 2)
        writer.writePacked(cpus, field: 3)
        writer.writePacked(gpus, field: 4)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: rank = try reader.readUInt32(wireType)
        case 2: environment.append(try reader.readString(wireType))
        case 3: try reader.readPacked(wireType, into: &cpus)
        case 4: try reader.readPacked(wireType, into: &gpus)
        default: try reader.skip(wireType)
        }
    }
}

extension StartStep: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(jobID, field: 1)
        writer.write(stepID, field: 2)
        writer.write(user, field: 3)
        writer.write(workdir, field: 4)
        writer.write(argv, field: 5)
        writer.write(environment, field: 6)
        writer.writeMessages(tasks, field: 7)
        writer.writePacked(numaNodes, field: 8)
        writer.write(pty, field: 9)
        writer.write(rows, field: 10)
        writer.write(cols, field: 11)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: jobID = try reader.readUInt64(wireType)
        case 2: stepID = try reader.readUInt32(wireType)
        case 3: user = try reader.readString(wireType)
        case 4: workdir = try reader.readString(wireType)
        case 5: argv.append(try reader.readString(wireType))
        case 6: environment.append(try reader.readString(wireType))
        case 7: tasks.append(try reader.readMessage(wireType, as: StepTask.self))
        case 8: try reader.readPacked(wireType, into: &numaNodes)
        case 9: pty = try reader.readBool(wireType)
        case 10: rows = try reader.readUInt32(wireType)
        case 11: cols = try reader.readUInt32(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension SignalStep: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(jobID, field: 1)
        writer.write(stepID, field: 2)
        writer.write(signal, field: 3)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: jobID = try reader.readUInt64(wireType)
        case 2: stepID = try reader.readUInt32(wireType)
        case 3: signal = try reader.readUInt32(wireType)
        default: try reader.skip(wireType)
        }
    }
}
