/// Payload of `registerNode`: the agent's first request after `welcome`, and again after every reconnect.
public struct RegisterNode: Sendable, Equatable {
    public var name: String = ""            // 1
    public var hostname: String = ""        // 2: address other nodes reach this one at (MASTER_ADDR)
    public var cpus: UInt32 = 0             // 3: usable logical CPUs
    public var memoryMB: UInt64 = 0         // 4
    public var gpus: UInt32 = 0             // 5
    public var agentVersion: String = ""    // 6
    public var runningJobIDs: [UInt64] = [] // 7 (packed): jobs the agent still supervises
    public var topology: [UInt8] = []       // 8 (bytes): JSON hardware description, see docs/PROTOCOL.md
    public var cpuIDs: [UInt32] = []        // 9 (packed): the logical CPU ids the agent may use
    public var features: [String] = []      // 10: node features for --constraint (`nodeagent --feature`)
    /// 11 (packed): the launch epoch of each of `runningJobIDs`, in the same order (0: unknown)
    public var runningEpochs: [UInt32] = []
    public init() {}
}

/// Payload of `registerNodeReply`.
public struct RegisterNodeReply: Sendable, Equatable {
    public var heartbeatIntervalMs: UInt32 = 0 // 1
    public var killJobIDs: [UInt64] = []       // 2 (packed): jobs the agent runs that the server does not know as running here
    /// 3: after this long without hearing from the node, schedd fences it (closes its connection, counts its jobs
    /// lost); an agent does not start a launch whose confirmation took longer than a part of it
    public var nodeTimeoutMs: UInt32 = 0
    public init() {}
}

/// Payload of `heartbeat`.
public struct Heartbeat: Sendable, Equatable {
    public var runningJobIDs: [UInt64] = [] // 1 (packed)
    public var runningEpochs: [UInt32] = [] // 2 (packed): launch epochs, as in `RegisterNode`
    public init(runningJobIDs: [UInt64] = [], runningEpochs: [UInt32] = []) {
        self.runningJobIDs = runningJobIDs
        self.runningEpochs = runningEpochs
    }
}

/// Payload of `jobStarted`: the agent asks to start a launch, before any of the job's code runs. Answered with
/// `jobStartedAck` once schedd has committed that the node may run it, or an error when the launch is no longer
/// this node's (its node was fenced, the job was requeued or cancelled): then the agent does not start it.
public struct JobStarted: Sendable, Equatable {
    public var jobID: UInt64 = 0 // 1
    public var pid: UInt32 = 0   // 2: 0 (the process does not exist yet when the agent asks)
    public var note: String = "" // 3: e.g. "cgroup v2 not delegated: no memory.max"
    public var epoch: UInt32 = 0 // 4: the launch's epoch (`LaunchJob.epoch`)
    public init() {}
}

/// Payload of `jobExited`. The agent resends it after a reconnect until it gets `jobExitedAck`.
public struct JobExited: Sendable, Equatable {
    public var jobID: UInt64 = 0     // 1
    public var exitCode: Int32 = 0   // 2 (zigzag)
    public var signal: UInt32 = 0    // 3: terminating signal, 0 if it exited normally
    public var message: String = ""  // 4: e.g. "launch failed: workdir /x does not exist"
    public var timedOut: Bool = false // 5: killed by the agent for exceeding its time limit
    public var endedAtMs: Int64 = 0  // 6
    public var epoch: UInt32 = 0     // 7: the launch's epoch; a report of an earlier run is acknowledged and ignored
    /// 8: schedd confirmed the launch but the agent stopped before any of the job ran (it was restarted in between):
    /// the job may be requeued as if the launch had been lost
    public var neverStarted: Bool = false
    public init() {}
}

/// Empty acknowledgement, payload of `heartbeatAck`, `jobStartedAck` and `jobExitedAck`.
public struct Ack: Sendable, Equatable {
    public init() {}
}

/// Payload of `launchJob` (server push): everything the agent needs to start one node's part of a job.
public struct LaunchJob: Sendable, Equatable {
    public var jobID: UInt64 = 0            // 1
    public var user: String = ""            // 2
    public var workdir: String = ""         // 3
    public var argv: [String] = []          // 4
    public var script: String = ""          // 5
    public var environment: [String] = []   // 6: "KEY=value", already including AISCHED_* variables
    public var cpus: [UInt32] = []          // 7 (packed)
    public var gpus: [UInt32] = []          // 8 (packed)
    public var memoryMB: UInt64 = 0         // 9
    public var numaNodes: [UInt32] = []     // 10 (packed)
    public var stdoutPath: String = ""      // 11
    public var stderrPath: String = ""      // 12
    public var nodeRank: UInt32 = 0         // 13
    public var nodeList: [String] = []      // 14
    public var masterAddr: String = ""      // 15
    public var masterPort: UInt32 = 0       // 16
    public var timeLimitSeconds: UInt64 = 0 // 17
    public var name: String = ""            // 18
    public var project: String = ""         // 19
    /// 20: run no command here; hold the node's share for `srun`'s tasks until the job ends (a batch script's
    /// body runs once, on rank 0, as under sbatch)
    public var holdsForSteps: Bool = false
    /// 21: open the output files truncated (sbatch's default open mode) rather than appended to
    public var truncateOutput: Bool = false
    /// 25: `--signal`: the signal to send `warningSeconds` before the time limit; 0 = none
    public var warningSignal: UInt32 = 0
    /// 26: how long before the time limit (a part that starts closer to it gets the signal at once)
    public var warningSeconds: UInt32 = 0
    /// 27: `--signal=B:`: only the batch shell, not the steps' tasks (a command job's command gets it either way)
    public var warningBatchOnly: Bool = false
    /// 28: which run of the job this is (1 for its first start, one more after each requeue): fences processes of
    /// an earlier run that a node kept while it was cut off
    public var epoch: UInt32 = 0
    /// 29: at the time limit, SIGTERM then SIGKILL this many seconds later (schedd's KillWait)
    public var killWaitSeconds: UInt32 = 0
    public init() {}
}

/// Payload of `killJob` (server push).
public struct KillJob: Sendable, Equatable {
    public var jobID: UInt64 = 0       // 1
    public var signal: UInt32 = 15     // 2
    public var graceSeconds: UInt32 = 10 // 3: then SIGKILL
    public var reason: String = ""     // 4
    public init() {}
}

// MARK: - Wire encoding (field numbers as documented above)

extension RegisterNode: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(name, field: 1)
        writer.write(hostname, field: 2)
        writer.write(cpus, field: 3)
        writer.write(memoryMB, field: 4)
        writer.write(gpus, field: 5)
        writer.write(agentVersion, field: 6)
        writer.writePacked(runningJobIDs, field: 7)
        writer.writeBytes(topology, field: 8)
        writer.writePacked(cpuIDs, field: 9)
        writer.write(features, field: 10)
        writer.writePacked(runningEpochs, field: 11)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: name = try reader.readString(wireType)
        case 2: hostname = try reader.readString(wireType)
        case 3: cpus = try reader.readUInt32(wireType)
        case 4: memoryMB = try reader.readUInt64(wireType)
        case 5: gpus = try reader.readUInt32(wireType)
        case 6: agentVersion = try reader.readString(wireType)
        case 7: try reader.readPacked(wireType, into: &runningJobIDs)
        case 8: topology = try reader.readBytes(wireType)
        case 9: try reader.readPacked(wireType, into: &cpuIDs)
        case 10: features.append(try reader.readString(wireType))
        case 11: try reader.readPacked(wireType, into: &runningEpochs)
        default: try reader.skip(wireType)
        }
    }
}

extension RegisterNodeReply: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(heartbeatIntervalMs, field: 1)
        writer.writePacked(killJobIDs, field: 2)
        writer.write(nodeTimeoutMs, field: 3)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: heartbeatIntervalMs = try reader.readUInt32(wireType)
        case 2: try reader.readPacked(wireType, into: &killJobIDs)
        case 3: nodeTimeoutMs = try reader.readUInt32(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension Heartbeat: WireMessage {
    public init() { self.init(runningJobIDs: []) }

    public func encode(to writer: inout WireWriter) {
        writer.writePacked(runningJobIDs, field: 1)
        writer.writePacked(runningEpochs, field: 2)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: try reader.readPacked(wireType, into: &runningJobIDs)
        case 2: try reader.readPacked(wireType, into: &runningEpochs)
        default: try reader.skip(wireType)
        }
    }
}

extension JobStarted: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(jobID, field: 1)
        writer.write(pid, field: 2)
        writer.write(note, field: 3)
        writer.write(epoch, field: 4)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: jobID = try reader.readUInt64(wireType)
        case 2: pid = try reader.readUInt32(wireType)
        case 3: note = try reader.readString(wireType)
        case 4: epoch = try reader.readUInt32(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension JobExited: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(jobID, field: 1)
        writer.writeZigZag(exitCode, field: 2)
        writer.write(signal, field: 3)
        writer.write(message, field: 4)
        writer.write(timedOut, field: 5)
        writer.write(endedAtMs, field: 6)
        writer.write(epoch, field: 7)
        writer.write(neverStarted, field: 8)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: jobID = try reader.readUInt64(wireType)
        case 2: exitCode = try reader.readZigZagInt32(wireType)
        case 3: signal = try reader.readUInt32(wireType)
        case 4: message = try reader.readString(wireType)
        case 5: timedOut = try reader.readBool(wireType)
        case 6: endedAtMs = try reader.readInt64(wireType)
        case 7: epoch = try reader.readUInt32(wireType)
        case 8: neverStarted = try reader.readBool(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension Ack: WireMessage {
    /// No fields: an `Ack` is always zero bytes. Anything a newer peer adds is skipped.
    public func encode(to writer: inout WireWriter) {}

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        try reader.skip(wireType)
    }
}

extension LaunchJob: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(jobID, field: 1)
        writer.write(user, field: 2)
        writer.write(workdir, field: 3)
        writer.write(argv, field: 4)
        writer.write(script, field: 5)
        writer.write(environment, field: 6)
        writer.writePacked(cpus, field: 7)
        writer.writePacked(gpus, field: 8)
        writer.write(memoryMB, field: 9)
        writer.writePacked(numaNodes, field: 10)
        writer.write(stdoutPath, field: 11)
        writer.write(stderrPath, field: 12)
        writer.write(nodeRank, field: 13)
        writer.write(nodeList, field: 14)
        writer.write(masterAddr, field: 15)
        writer.write(masterPort, field: 16)
        writer.write(timeLimitSeconds, field: 17)
        writer.write(name, field: 18)
        writer.write(project, field: 19)
        writer.write(holdsForSteps, field: 20)
        writer.write(truncateOutput, field: 21)
        writer.write(warningSignal, field: 25)
        writer.write(warningSeconds, field: 26)
        writer.write(warningBatchOnly, field: 27)
        writer.write(epoch, field: 28)
        writer.write(killWaitSeconds, field: 29)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: jobID = try reader.readUInt64(wireType)
        case 2: user = try reader.readString(wireType)
        case 3: workdir = try reader.readString(wireType)
        case 4: argv.append(try reader.readString(wireType))
        case 5: script = try reader.readString(wireType)
        case 6: environment.append(try reader.readString(wireType))
        case 7: try reader.readPacked(wireType, into: &cpus)
        case 8: try reader.readPacked(wireType, into: &gpus)
        case 9: memoryMB = try reader.readUInt64(wireType)
        case 10: try reader.readPacked(wireType, into: &numaNodes)
        case 11: stdoutPath = try reader.readString(wireType)
        case 12: stderrPath = try reader.readString(wireType)
        case 13: nodeRank = try reader.readUInt32(wireType)
        case 14: nodeList.append(try reader.readString(wireType))
        case 15: masterAddr = try reader.readString(wireType)
        case 16: masterPort = try reader.readUInt32(wireType)
        case 17: timeLimitSeconds = try reader.readUInt64(wireType)
        case 18: name = try reader.readString(wireType)
        case 19: project = try reader.readString(wireType)
        case 20: holdsForSteps = try reader.readBool(wireType)
        case 21: truncateOutput = try reader.readBool(wireType)
        case 25: warningSignal = try reader.readUInt32(wireType)
        case 26: warningSeconds = try reader.readUInt32(wireType)
        case 27: warningBatchOnly = try reader.readBool(wireType)
        case 28: epoch = try reader.readUInt32(wireType)
        case 29: killWaitSeconds = try reader.readUInt32(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension KillJob: WireMessage {
    /// `KillJob()` means SIGTERM with a 10 s grace, but on the wire an absent field is 0 like everywhere
    /// else, so that a protobuf decoder in another language and this one agree. The server always
    /// sends both fields (they are non-zero), so the difference only shows for a peer that omits them.
    public static var wireDefault: KillJob {
        var zero = KillJob()
        zero.signal = 0
        zero.graceSeconds = 0
        return zero
    }

    public func encode(to writer: inout WireWriter) {
        writer.write(jobID, field: 1)
        writer.write(signal, field: 2)
        writer.write(graceSeconds, field: 3)
        writer.write(reason, field: 4)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: jobID = try reader.readUInt64(wireType)
        case 2: signal = try reader.readUInt32(wireType)
        case 3: graceSeconds = try reader.readUInt32(wireType)
        case 4: reason = try reader.readString(wireType)
        default: try reader.skip(wireType)
        }
    }
}
