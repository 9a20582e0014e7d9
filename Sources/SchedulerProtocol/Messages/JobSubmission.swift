/// What a researcher asks for (payload of `submitJob`, and echoed inside `JobInfo`).
///
/// Either `argv` is a command to execute, or `script` is a batch script (run by its `#!` interpreter,
/// `/bin/sh` if none) with `argv` as its arguments. Resource fields of 0 mean "the server's default".
public struct JobSubmission: Sendable, Equatable {
    public var name: String = ""               // 1
    public var project: String = ""            // 2: "" = the user's default project
    public var workdir: String = ""            // 3: absolute path on the nodes
    public var argv: [String] = []             // 4
    public var script: String = ""             // 5
    public var environment: [String] = []      // 6: "KEY=value"
    public var hold: Bool = false              // 7
    public var nodes: UInt32 = 0               // 8
    public var cpusPerNode: UInt32 = 0         // 9
    public var memoryMBPerNode: UInt64 = 0     // 10
    public var gpusPerNode: UInt32 = 0         // 11
    public var timeLimitSeconds: UInt64 = 0    // 12
    public var stdoutPath: String = ""         // 13: "" = <workdir>/aisched-<id>.out; %j expands to the job id
    public var stderrPath: String = ""         // 14: "" = same file as stdout
    public var gpuModel: String = ""           // 15
    public var exclusive: Bool = false         // 16
    public var qos: String = ""                // 17
    public var dependency: String = ""         // 18: "" = none; "afterok:12:13,afterany:14", "afternotok:15", "singleton"
    public var array: String = ""              // 19: "" = not an array; "0-99%10", "1,3,5", "0-15:4"
    public var beginTimeMs: Int64 = 0          // 20: not before (ms since the Unix epoch); 0 = as soon as it can
    // Slurm's task geometry (0 = not given). Placement reads only the per-node totals above; these say how the
    // node's share is split into tasks, for SLURM_* variables and task launch.
    public var tasks: UInt32 = 0               // 21: tasks in the whole job (--ntasks)
    public var tasksPerNode: UInt32 = 0        // 22: at most this many per node (--ntasks-per-node, or derived)
    public var cpusPerTask: UInt32 = 0         // 23
    public var gpusPerTask: UInt32 = 0         // 24
    public var submitDirectory: String = ""    // 25: where aisubmit ran (SLURM_SUBMIT_DIR)
    public var submitHost: String = ""         // 26: the host it ran on (SLURM_SUBMIT_HOST)
    public var overcommit: Bool = false        // 27: --overcommit: CPUs for one task per node, shared by its tasks
    public var inheritedEnvironment: [String] = [] // 28: "KEY=value" from the submitter's environment (--export=ALL);
                                                   // the job's own variables and `environment` override these
    public var interactive: Bool = false       // 29: an allocation for the submitter's own steps (aisubmit run/alloc)
    public var partitions: [String] = []       // 30: --partition: the job may run in any of these
    public var constraint: String = ""         // 31: --constraint: node features, "a100", "a100&nvlink", "a100|h100"
    public var comment: String = ""            // 32: --comment
    public var openMode: String = ""           // 33: --open-mode: "append", "truncate" or "" (truncate)
    public var requeue: UInt32 = 0             // 34: 1 --requeue, 2 --no-requeue, 0 the centre's default
    public var nice: Int32 = 0                 // 35 (zigzag): --nice: subtracted from the job's priority
    public var allMemory: Bool = false         // 36: --mem=0: all of each node's memory
    public var wholeCores: Bool = false        // 37: --hint=nomultithread: CPUs count whole cores, bound one thread each
    public var signal: String = ""             // 40: --signal, Slurm's text: "B:USR1@120", "TERM@60"; "" = none
    public var mailType: String = ""           // 41: --mail-type, Slurm's words: "BEGIN,END"; "" = none
    public var mailUser: String = ""           // 42: --mail-user; "" = the submitting user
    public var submissionKey: String = ""      // 43: random per submit command, reused on its retries: a retry
                                               // returns the job the first try made; "" = none
    public var timeUnlimited: Bool = false     // 44: --time UNLIMITED/INFINITE/0: no limit asked (Slurm's INFINITE)
    public init() {}
}

/// Payload of `submitJobReply`.
public struct SubmitJobReply: Sendable, Equatable {
    public var jobID: UInt64 // 1
    public init(jobID: UInt64) { self.jobID = jobID }
}

// MARK: - Wire encoding (field numbers as documented above)

extension JobSubmission: WireMessage {
    public func encode(to writer: inout WireWriter) {
        writer.write(name, field: 1)
        writer.write(project, field: 2)
        writer.write(workdir, field: 3)
        writer.write(argv, field: 4)
        writer.write(script, field: 5)
        writer.write(environment, field: 6)
        writer.write(hold, field: 7)
        writer.write(nodes, field: 8)
        writer.write(cpusPerNode, field: 9)
        writer.write(memoryMBPerNode, field: 10)
        writer.write(gpusPerNode, field: 11)
        writer.write(timeLimitSeconds, field: 12)
        writer.write(stdoutPath, field: 13)
        writer.write(stderrPath, field: 14)
        writer.write(gpuModel, field: 15)
        writer.write(exclusive, field: 16)
        writer.write(qos, field: 17)
        writer.write(dependency, field: 18)
        writer.write(array, field: 19)
        writer.write(beginTimeMs, field: 20)
        writer.write(tasks, field: 21)
        writer.write(tasksPerNode, field: 22)
        writer.write(cpusPerTask, field: 23)
        writer.write(gpusPerTask, field: 24)
        writer.write(submitDirectory, field: 25)
        writer.write(submitHost, field: 26)
        writer.write(overcommit, field: 27)
        writer.write(inheritedEnvironment, field: 28)
        writer.write(interactive, field: 29)
        writer.write(partitions, field: 30)
        writer.write(constraint, field: 31)
        writer.write(comment, field: 32)
        writer.write(openMode, field: 33)
        writer.write(requeue, field: 34)
        writer.writeZigZag(nice, field: 35)
        writer.write(allMemory, field: 36)
        writer.write(wholeCores, field: 37)
        writer.write(signal, field: 40)
        writer.write(mailType, field: 41)
        writer.write(mailUser, field: 42)
        writer.write(submissionKey, field: 43)
        writer.write(timeUnlimited, field: 44)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: name = try reader.readString(wireType)
        case 2: project = try reader.readString(wireType)
        case 3: workdir = try reader.readString(wireType)
        case 4: argv.append(try reader.readString(wireType))
        case 5: script = try reader.readString(wireType)
        case 6: environment.append(try reader.readString(wireType))
        case 7: hold = try reader.readBool(wireType)
        case 8: nodes = try reader.readUInt32(wireType)
        case 9: cpusPerNode = try reader.readUInt32(wireType)
        case 10: memoryMBPerNode = try reader.readUInt64(wireType)
        case 11: gpusPerNode = try reader.readUInt32(wireType)
        case 12: timeLimitSeconds = try reader.readUInt64(wireType)
        case 13: stdoutPath = try reader.readString(wireType)
        case 14: stderrPath = try reader.readString(wireType)
        case 15: gpuModel = try reader.readString(wireType)
        case 16: exclusive = try reader.readBool(wireType)
        case 17: qos = try reader.readString(wireType)
        case 18: dependency = try reader.readString(wireType)
        case 19: array = try reader.readString(wireType)
        case 20: beginTimeMs = try reader.readInt64(wireType)
        case 21: tasks = try reader.readUInt32(wireType)
        case 22: tasksPerNode = try reader.readUInt32(wireType)
        case 23: cpusPerTask = try reader.readUInt32(wireType)
        case 24: gpusPerTask = try reader.readUInt32(wireType)
        case 25: submitDirectory = try reader.readString(wireType)
        case 26: submitHost = try reader.readString(wireType)
        case 27: overcommit = try reader.readBool(wireType)
        case 28: inheritedEnvironment.append(try reader.readString(wireType))
        case 29: interactive = try reader.readBool(wireType)
        case 30: partitions.append(try reader.readString(wireType))
        case 31: constraint = try reader.readString(wireType)
        case 32: comment = try reader.readString(wireType)
        case 33: openMode = try reader.readString(wireType)
        case 34: requeue = try reader.readUInt32(wireType)
        case 35: nice = try reader.readZigZagInt32(wireType)
        case 36: allMemory = try reader.readBool(wireType)
        case 37: wholeCores = try reader.readBool(wireType)
        case 40: signal = try reader.readString(wireType)
        case 41: mailType = try reader.readString(wireType)
        case 42: mailUser = try reader.readString(wireType)
        case 43: submissionKey = try reader.readString(wireType)
        case 44: timeUnlimited = try reader.readBool(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension SubmitJobReply: WireMessage {
    public init() { self.init(jobID: 0) }

    public func encode(to writer: inout WireWriter) {
        writer.write(jobID, field: 1)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: jobID = try reader.readUInt64(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension JobSubmission {
    /// What a queue listing keeps of a submission (`QueryJobs.summary`): everything but the command, the script and
    /// the environments.
    public mutating func summarize() {
        argv = []
        script = ""
        environment = []
        inheritedEnvironment = []
    }
}
