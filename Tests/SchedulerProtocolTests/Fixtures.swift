import Foundation
import NIOCore
import SchedulerProtocol

/// A small, seedable PRNG (SplitMix64) so the fuzz and chunking tests are random but repeatable:
/// a failure report's seed reproduces the exact inputs.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func bytes(count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &self) }
    }
}

/// Raw protobuf building blocks for hand-made inputs.
enum Raw {
    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var out: [UInt8] = []
        while value >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
        return out
    }

    static func key(_ field: UInt64, _ wireType: UInt64) -> [UInt8] { varint(field << 3 | wireType) }

    static func string(_ field: UInt64, _ bytes: [UInt8]) -> [UInt8] {
        key(field, 2) + varint(UInt64(bytes.count)) + bytes
    }

    static func string(_ field: UInt64, _ text: String) -> [UInt8] { string(field, Array(text.utf8)) }

    /// The field numbers of a well-formed payload's top-level fields, walked here with none of the decoders' code:
    /// used to check that a sample sets every field (so its round trip really covers the whole message).
    static func fieldNumbers(in bytes: [UInt8]) -> Set<UInt32> {
        var position = 0
        func varint() -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { break }
                shift += 7
            }
            return value
        }
        var fields: Set<UInt32> = []
        while position < bytes.count {
            let key = varint()
            fields.insert(UInt32(truncatingIfNeeded: key >> 3))
            switch key & 7 {
            case 0: _ = varint()
            case 1: position += 8
            case 2: position += Int(varint())
            case 5: position += 4
            default: return fields
            }
        }
        return fields
    }
}

/// One entry per message type: a sample with a non-default value in every field, and type-erased
/// operations on it, so that each table-driven test covers every message.
struct MessageCase: Sendable, CustomStringConvertible {
    let description: String
    /// The highest field number of the type; the sample must set all of 1...maxField but `unused`.
    let maxField: UInt32
    /// Field numbers below `maxField` the type does not have (kept for fields another branch adds).
    let unused: [ClosedRange<UInt32>]
    let sampleBytes: [UInt8]
    let roundTrips: @Sendable () throws -> Bool
    let defaultBytes: @Sendable () -> [UInt8]
    /// Decodes; if that succeeds, re-encodes and decodes again and checks the two values are equal.
    let decodeStable: @Sendable ([UInt8]) throws -> Bool
    /// Whether `bytes` decode to the sample.
    let decodesToSample: @Sendable ([UInt8]) throws -> Bool

    init<M: WireMessage & Equatable>(_ sample: M, maxField: UInt32, unused: [ClosedRange<UInt32>] = []) {
        description = M.wireName
        self.maxField = maxField
        self.unused = unused
        sampleBytes = sample.wireBytes()
        roundTrips = { try M(wireBytes: sample.wireBytes()) == sample && M(wireBuffer: sample.wireBuffer()) == sample }
        defaultBytes = { M().wireBytes() }
        decodesToSample = { try M(wireBytes: $0) == sample }
        decodeStable = { bytes in
            let first = try M(wireBytes: bytes)
            return try M(wireBytes: first.wireBytes()) == first
        }
    }

    /// The field numbers a sample must set.
    var fields: Set<UInt32> {
        maxField == 0 ? [] : Set((1...maxField).filter { field in !unused.contains { $0.contains(field) } })
    }
}

enum Samples {
    static let submission: JobSubmission = {
        var s = JobSubmission()
        s.name = "train-llm"
        s.project = "vision"
        s.workdir = "/scratch/ada/run-42"
        s.argv = ["python3", "", "train.py", "--lr=3e-4", "ünïcødé ✓"]
        s.script = "#!/bin/bash\n#AISCHED --gpus-per-node=8\nsrun python3 train.py\n"
        s.environment = ["OMP_NUM_THREADS=8", "EMPTY="]
        s.hold = true
        s.nodes = 4
        s.cpusPerNode = 96
        s.memoryMBPerNode = 1_536_000
        s.gpusPerNode = 8
        s.timeLimitSeconds = 172_800
        s.stdoutPath = "%j.out"
        s.stderrPath = "%j.err"
        s.gpuModel = "H100"
        s.exclusive = true
        s.qos = "high"
        s.dependency = "afterok:12:13,afterany:14,singleton"
        s.array = "0-99%10"
        s.beginTimeMs = 1_800_000_000_000
        s.tasks = 32
        s.tasksPerNode = 8
        s.cpusPerTask = 12
        s.gpusPerTask = 1
        s.submitDirectory = "/home/ada"
        s.submitHost = "login1"
        s.overcommit = true
        s.inheritedEnvironment = ["PATH=/usr/bin", "VIRTUAL_ENV=/home/ada/venv"]
        s.interactive = true
        s.partitions = ["gpu", "debug"]
        s.constraint = "a100&nvlink"
        s.comment = "ablation 3"
        s.openMode = "append"
        s.requeue = 2
        s.nice = -7
        s.allMemory = true
        s.wholeCores = true
        s.signal = "B:USR1@120"
        s.mailType = "BEGIN,END,FAIL"
        s.mailUser = "ada@example.org"
        s.submissionKey = "5f0c6e1a9b3d4e7f8a2b1c0d9e8f7a6b"
        s.timeUnlimited = true
        return s
    }()

    static let allocation: NodeAllocationInfo = {
        var a = NodeAllocationInfo()
        a.node = "gpu-07"
        a.cpus = [0, 1, 2, 127, 128, UInt32.max]
        a.gpus = [0, 7]
        a.numaNodes = [1]
        a.memoryMB = 512_000
        return a
    }()

    static let history = StateChangeInfo(atMs: 1_760_000_000_123, state: "PENDING", reason: "Resources")

    static let jobInfo: JobInfo = {
        var j = JobInfo()
        j.id = 123_456_789
        j.name = "train-llm"
        j.user = "ada"
        j.project = "vision"
        j.state = "FAILED"
        j.reason = "NonZeroExitCode"
        j.submitTimeMs = 1_760_000_000_000
        j.startTimeMs = 1_760_000_100_000
        j.endTimeMs = Int64.max
        j.exitCode = -2
        j.hasExitCode = true
        j.workdir = "/scratch/ada/run-42"
        j.allocation = [allocation, NodeAllocationInfo()]  // an all-default element must survive
        j.history = [history, StateChangeInfo(atMs: -1, state: "RUNNING", reason: "")]
        j.submission = submission
        j.held = true
        j.stdoutPath = "/scratch/ada/run-42/123456789.out"
        j.stderrPath = "/scratch/ada/run-42/123456789.err"
        j.signal = 9
        j.notes = ["cgroup v2 not available", ""]
        j.arrayJobID = UInt64.max
        j.arrayTaskID = UInt32.max
        j.dependency = "afternotok:15"
        j.estimatedStartMs = -1
        j.jobsAhead = UInt32.max
        j.startsAfter = [812, UInt64.max]
        j.reservedNodes = ["dgx-01", ""]
        j.preemptedBy = 7
        j.completing = true
        return j
    }()

    static let registerNode: RegisterNode = {
        var r = RegisterNode()
        r.name = "gpu-07"
        r.hostname = "gpu-07.cluster.internal"
        r.cpus = 192
        r.memoryMB = 2_063_000
        r.gpus = 8
        r.agentVersion = "0.1.0"
        r.runningJobIDs = [1, 300, UInt64.max]
        r.topology = Data(#"{"numa":[{"id":0,"cpus":[0,1]}]}"#.utf8) + [0, 0xFF]
        r.cpuIDs = Array(0..<192)
        r.features = ["nvlink", "ib"]
        r.runningEpochs = [1, 2, UInt32.max]
        return r
    }()

    static let launchJob: LaunchJob = {
        var l = LaunchJob()
        l.jobID = 77
        l.user = "ada"
        l.workdir = "/scratch/ada"
        l.argv = ["./run.sh", "--epochs", "3"]
        l.script = "#!/bin/sh\nexec \"$@\"\n"
        l.environment = ["AISCHED_JOB_ID=77", "AISCHED_NODE_RANK=1"]
        l.cpus = [4, 5, 6, 7]
        l.gpus = [2, 3]
        l.memoryMB = 65_536
        l.numaNodes = [0, 1]
        l.stdoutPath = "/scratch/ada/77.out"
        l.stderrPath = "/scratch/ada/77.err"
        l.nodeRank = 1
        l.nodeList = ["gpu-06", "gpu-07"]
        l.masterAddr = "gpu-06.cluster.internal"
        l.masterPort = 29_500
        l.timeLimitSeconds = 3_600
        l.name = "bench"
        l.project = "vision"
        l.holdsForSteps = true
        l.truncateOutput = true
        l.warningSignal = 10
        l.warningSeconds = 120
        l.warningBatchOnly = true
        l.epoch = 3
        l.killWaitSeconds = 30
        return l
    }()

    /// Every message type, each with every field set.
    static let all: [MessageCase] = core + accounts

    /// Messages that have grown fields since the hand-written encoders, as they were sampled then (every field of
    /// that time set): the bytes PreProtobufEncodings captured.
    static let beforeTheyGrew: [MessageCase] = [
        MessageCase(Welcome(user: "ada", role: "admin", serverVersion: "schedd 0.1"), maxField: 3),
        MessageCase(QueryUsage(project: "cantonese-llm", user: "wong.kaming"), maxField: 2),
        MessageCase(UsageReport(projects: [projectUsage, ProjectUsageInfo()]), maxField: 1),
    ]

    /// The job and agent messages (the account, audit, usage and priority messages are in AccountFixtures.swift).
    static let core: [MessageCase] = [
        MessageCase(Hello(token: "djF8YWRh.c2ln", clientName: "aisubmit 0.1"), maxField: 2),
        {
            var w = Welcome(user: "itf-auditor", role: "viewer", serverVersion: "schedd 0.1")
            w.schemes = ["aisp", "innohk"]
            return MessageCase(w, maxField: 4)
        }(),
        MessageCase(ErrorReply(code: .permissionDenied, message: "nope", hint: "ask an admin"), maxField: 3),
        MessageCase(submission, maxField: 44, unused: [38...39]),
        MessageCase(SubmitJobReply(jobID: UInt64.max), maxField: 1),
        MessageCase(allocation, maxField: 5),
        MessageCase(history, maxField: 3),
        MessageCase(jobInfo, maxField: 29),
        {
            var q = QueryJobs()
            q.allUsers = true
            q.states = ["PENDING", "RUNNING", ""]
            q.jobIDs = [1, 2, 3]
            q.includeHistory = true
            q.includeFinished = true
            q.afterJobID = 1 << 40
            q.limit = 500
            q.selectors = ["42", "42_3", ""]
            q.users = ["ada", "", "ünïcødé"]
            q.summary = true
            return MessageCase(q, maxField: 10)
        }(),
        {
            var l = JobList(jobs: [jobInfo, JobInfo(), jobInfo])
            l.more = true
            return MessageCase(l, maxField: 2)
        }(),
        MessageCase(JobIDList(jobIDs: [9, 0, 1 << 40], tasks: ["42_3", ""]), maxField: 2),
        MessageCase(JobActionResult(jobID: 5, ok: true, message: "held"), maxField: 3),
        MessageCase(JobActionReply(results: [JobActionResult(jobID: 5, ok: false, message: "not held"), JobActionResult()]), maxField: 1),
        {
            var r = ReadLog()
            r.jobID = 12
            r.stderr = true
            r.offset = 1 << 33
            r.maxBytes = 65_536
            r.path = "/scratch/ada/12.err"
            return MessageCase(r, maxField: 5)
        }(),
        {
            var c = LogChunk()
            c.data = Data([0, 1, 2, 0xFF, 0xC3])  // log bytes need not be UTF-8
            c.nextOffset = 5
            c.finished = true
            return MessageCase(c, maxField: 3)
        }(),
        MessageCase(registerNode, maxField: 11),
        {
            var r = RegisterNodeReply()
            r.heartbeatIntervalMs = 5_000
            r.killJobIDs = [3, 4]
            r.nodeTimeoutMs = 60_000
            return MessageCase(r, maxField: 3)
        }(),
        MessageCase(Heartbeat(runningJobIDs: [77, 78], runningEpochs: [1, 4]), maxField: 2),
        {
            var s = JobStarted()
            s.jobID = 77
            s.pid = 4_000_000
            s.note = "cgroup v2 not delegated: no memory.max"
            s.epoch = 2
            return MessageCase(s, maxField: 4)
        }(),
        {
            var e = JobExited()
            e.jobID = 77
            e.exitCode = Int32.min
            e.signal = 9
            e.message = "launch failed: workdir /x does not exist"
            e.timedOut = true
            e.endedAtMs = 1_760_000_200_000
            e.epoch = 5
            e.neverStarted = true
            return MessageCase(e, maxField: 8)
        }(),
        MessageCase(Ack(), maxField: 0),
        MessageCase(launchJob, maxField: 29, unused: [22...24]),
        {
            var k = KillJob()
            k.jobID = 77
            k.signal = 2
            k.graceSeconds = 30
            k.reason = "cancelled by ada"
            return MessageCase(k, maxField: 4)
        }(),
    ] + steps + nodes

    /// `srun`'s messages.
    static let steps: [MessageCase] = [
        {
            var r = RunStep()
            r.jobID = 77
            r.argv = ["python", "train.py", ""]
            r.environment = ["MASTER_PORT=29500", "EMPTY="]
            r.workdir = "/scratch/ada"
            r.ntasks = 4
            r.ntasksPerNode = 2
            r.nodes = 2
            r.cpusPerTask = 8
            r.gpusPerTask = 2
            r.pty = true
            r.rows = 40
            r.cols = 100
            r.nodeList = ["dgx-02", ""]
            r.killOnBadExit = true
            r.waitSeconds = 30
            return MessageCase(r, maxField: 15)
        }(),
        {
            var e = StepEnded()
            e.stepID = 3
            e.exitCodes = [0, 137, UInt32.max]
            e.signals = [0, 9, 0]
            e.messages = ["", "", "task 2 could not start"]
            return MessageCase(e, maxField: 4)
        }(),
        {
            var o = StepOutput()
            o.jobID = 77
            o.stepID = 1
            o.rank = 3
            o.stderr = true
            o.data = Data([0, 0xFF, 0x0A])
            return MessageCase(o, maxField: 5)
        }(),
        {
            var x = StepTaskExited()
            x.jobID = 77
            x.stepID = 1
            x.rank = 2
            x.exitCode = -1
            x.signal = 15
            x.message = "job 77 is not running on this node"
            return MessageCase(x, maxField: 6)
        }(),
        {
            var task = StepTask()
            task.rank = 5
            task.environment = ["SLURM_PROCID=5"]
            task.cpus = [8, 9]
            task.gpus = [1]
            var s = StartStep()
            s.jobID = 77
            s.stepID = 1
            s.user = "ada"
            s.workdir = "/scratch/ada"
            s.argv = ["hostname"]
            s.environment = ["PATH=/usr/bin"]
            s.tasks = [task, StepTask()]
            s.numaNodes = [0, 1]
            s.pty = true
            s.rows = 24
            s.cols = 80
            return MessageCase(s, maxField: 11)
        }(),
        {
            var task = StepTask()
            task.rank = 1
            task.environment = ["SLURM_LOCALID=1", ""]
            task.cpus = [0, UInt32.max]
            task.gpus = [7]
            return MessageCase(task, maxField: 4)
        }(),
        {
            var i = StepInput()
            i.jobID = 77
            i.stepID = 4
            i.data = Data([3, 0x1B, 0x5B, 0x41])
            i.eof = true
            i.rows = 50
            i.cols = 132
            return MessageCase(i, maxField: 6)
        }(),
        {
            var e = EndAllocation()
            e.jobID = 77
            e.exitCode = -3
            e.whenConnectionCloses = true
            return MessageCase(e, maxField: 3)
        }(),
        {
            var s = SignalStep()
            s.jobID = 77
            s.stepID = 2
            s.signal = 2
            return MessageCase(s, maxField: 3)
        }(),
    ]

    /// `aisubmit nodes` (sinfo).
    static let nodeInfo: NodeInfo = {
        var n = NodeInfo()
        n.name = "dgx-07"
        n.state = "mixed"
        n.notResponding = true
        n.reason = "agent disconnected; no new jobs until it reconnects"
        n.sinceMs = 1_760_000_000_123
        n.gpuModel = "NVIDIA H100 80GB HBM3"
        n.gpusTotal = 8
        n.gpusFree = 3
        n.cpusTotal = 224
        n.cpusFree = UInt32.max
        n.memoryMBTotal = 2_063_000
        n.memoryMBFree = UInt64.max
        n.partitions = ["gpu", "debug"]
        n.features = ["h100", "nvlink"]
        n.reasonBy = "ops"
        n.reasonAtMs = 1_760_000_000_456
        return n
    }()

    static let nodes: [MessageCase] = [
        {
            var l = ListNodes(names: ["dgx-01", "", "dgx-02"])
            l.afterName = "dgx-00"
            return MessageCase(l, maxField: 20, unused: [2...19])
        }(),
        MessageCase(nodeInfo, maxField: 16),
        {
            var l = NodeList(nodes: [nodeInfo, NodeInfo(), nodeInfo])
            l.more = true
            return MessageCase(l, maxField: 20, unused: [2...19])
        }(),
        MessageCase(NodeControlRequest(names: ["dgx-01", "", "dgx-02"], action: "drain", reason: "GPU 3 ECC errors"),
                    maxField: 3),
        MessageCase(NodeControlReply(nodes: [nodeInfo, NodeInfo()], entries: [auditEntry, AuditEntryInfo()]),
                    maxField: 2),
    ]
}
