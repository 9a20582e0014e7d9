import Foundation
import SchedulerProtocol

/// Valid frames of every kind, as real peers send them, for fuzzers that have no samples of their own (the
/// benchmark); the protocol tests add their fuller samples. Each message sets the fields its senders really use.
public enum FuzzSeeds {
    /// One frame per kind in ``PayloadCatalog``, request ids counting up from 1.
    public static var frames: [Frame] {
        messages.enumerated().map { index, pair in
            Frame(kind: pair.kind, requestID: UInt64(index + 1), payload: pair.message.wireBuffer())
        }
    }

    static var messages: [(kind: MessageKind, message: any WireMessage)] {
        let ids: [UInt64] = [41, 42, 1_000_007]
        // One statement per message: a single literal of them all is too much for the type checker.
        var list: [(kind: MessageKind, message: any WireMessage)] = []
        list.append((.hello, Hello(token: "djF8YWRhfHVzZXJ8MTc2MDAwMDAwMHwxNzYyNTkyMDAwfDAxMjM0NTY3ODlhYmNkZWY.c2lnbmF0dXJl",
            clientName: "aisubmit 0.1.0")))
        list.append((.welcome, Welcome(user: "ada", role: "user", serverVersion: "aisched 0.1.0")))
        list.append((.error, ErrorReply(code: .notFound, message: "no job 42 of yours", hint: "list your jobs with `aisubmit queue --all`")))
        list.append((.submitJob, submission))
        list.append((.submitJobReply, SubmitJobReply(jobID: 1_000_007)))
        list.append((.queryJobs, { var q = QueryJobs(); q.states = ["PENDING", "RUNNING"]; q.includeHistory = true; q.limit = 500; return q }()))
        list.append((.jobList, JobList(jobs: [job, job])))
        list.append((.cancelJobs, JobIDList(jobIDs: ids, tasks: ["42_3"])))
        list.append((.cancelJobsReply, actionReply))
        list.append((.releaseJobs, JobIDList(jobIDs: ids)))
        list.append((.releaseJobsReply, actionReply))
        list.append((.holdJobs, JobIDList(jobIDs: [], tasks: ["42", "43_0"])))
        list.append((.holdJobsReply, actionReply))
        list.append((.readLog, { var r = ReadLog(); r.jobID = 42; r.offset = 65_536; r.maxBytes = 65_536; return r }()))
        list.append((.logChunk, { var c = LogChunk(); c.data = Data("epoch 3 loss 1.234\n".utf8); c.nextOffset = 65_555; return c }()))
        list.append((.runStep, { var r = RunStep(); r.jobID = 42; r.argv = ["python3", "train.py"]; r.environment = ["MASTER_PORT=29500"]
            r.workdir = "/scratch/ada"; r.ntasks = 16; r.nodes = 2; r.gpusPerTask = 1; return r }()))
        list.append((.stepEnded, { var e = StepEnded(); e.stepID = 1; e.exitCodes = [0, 0, 1]; e.signals = [0, 0, 0]; e.messages = ["", "", ""]; return e }()))
        list.append((.signalStep, { var s = SignalStep(); s.jobID = 42; s.stepID = 1; s.signal = 2; return s }()))
        list.append((.signalStepReply, Ack()))
        list.append((.stepInput, { var i = StepInput(); i.jobID = 42; i.stepID = 1; i.data = Data("ls -l\r".utf8); i.rows = 50; i.cols = 132; return i }()))
        list.append((.endAllocation, { var e = EndAllocation(); e.jobID = 42; e.whenConnectionCloses = true; return e }()))
        list.append((.endAllocationReply, actionReply))
        list.append((.listNodes, ListNodes(names: ["dgx-01", "dgx-02"])))
        list.append((.nodeList, NodeList(nodes: [node, node])))
        list.append((.nodeControl, NodeControlRequest(names: ["dgx-01"], action: "drain", reason: "GPU 3 ECC errors")))
        list.append((.nodeControlReply, NodeControlReply(nodes: [node], entries: [audit])))
        list.append((.registerNode, registration))
        list.append((.registerNodeReply, { var r = RegisterNodeReply(); r.heartbeatIntervalMs = 5_000; r.killJobIDs = [40]; return r }()))
        list.append((.heartbeat, Heartbeat(runningJobIDs: ids)))
        list.append((.heartbeatAck, Ack()))
        list.append((.jobStarted, { var s = JobStarted(); s.jobID = 42; s.pid = 123_456; s.note = "cgroup v2 not delegated"; return s }()))
        list.append((.jobStartedAck, Ack()))
        list.append((.jobExited, { var e = JobExited(); e.jobID = 42; e.exitCode = 1; e.message = "exited with code 1"; e.endedAtMs = 1_760_000_200_000; return e }()))
        list.append((.jobExitedAck, Ack()))
        list.append((.stepOutput, { var o = StepOutput(); o.jobID = 42; o.stepID = 1; o.rank = 3; o.data = Data("rank 3 ready\n".utf8); return o }()))
        list.append((.stepOutputAck, Ack()))
        list.append((.stepTaskExited, { var x = StepTaskExited(); x.jobID = 42; x.stepID = 1; x.rank = 3; x.signal = 15; return x }()))
        list.append((.stepTaskExitedAck, Ack()))
        list.append((.launchJob, launch))
        list.append((.killJob, { var k = KillJob(); k.jobID = 42; k.signal = 15; k.graceSeconds = 30; k.reason = "cancelled by ada"; return k }()))
        list.append((.fetchLog, { var r = ReadLog(); r.jobID = 42; r.maxBytes = 65_536; r.path = "/scratch/ada/42.out"; return r }()))
        list.append((.startStep, { var s = StartStep(); s.jobID = 42; s.stepID = 1; s.user = "ada"; s.workdir = "/scratch/ada"; s.argv = ["hostname"]
            var t = StepTask(); t.rank = 0; t.cpus = [0, 1]; t.gpus = [0]; t.environment = ["SLURM_PROCID=0"]
            s.tasks = [t, t]; s.numaNodes = [0]; return s }()))
        list.append((.stopStep, { var s = SignalStep(); s.jobID = 42; s.stepID = 1; s.signal = 15; return s }()))
        list.append((.accountChange, { var c = AccountChangeRequest(.updateProject); c.project = project; return c }()))
        list.append((.accountChangeReply, AuditList(entries: [audit])))
        list.append((.listAccounts, ListAccounts(project: "vision")))
        list.append((.accountList, { var l = AccountList(); l.projects = [project]; l.users = [UserInfo(name: "ada", defaultProject: "vision")]; return l }()))
        list.append((.qosUpdate, { var q = QoSInfo(); q.name = "high"; q.priorityMillionths = 1_000_000; q.maxWalltimeSeconds = 86_400; return QoSUpdate(qos: q) }()))
        list.append((.qosUpdateReply, AuditList(entries: [audit])))
        list.append((.listAudit, ListAudit(afterSeq: 41, limit: 100, subject: "project vision")))
        list.append((.auditList, AuditList(entries: [audit, audit], more: true)))
        list.append((.queryUsage, QueryUsage(project: "vision", user: "ada")))
        list.append((.usageReport, { var u = ProjectUsageInfo(); u.project = "vision"; u.hasBudget = true; u.remainingMilliGPUHours = -500
            u.gpusInUse = 8; var s = SchemeUsageInfo(); s.scheme = "aisp"; s.remainingMilliGpuHours = -1
            var r = UsageReport(projects: [u]); r.schemes = [s]; return r }()))
        list.append((.fundingReport, FundingReportRequest(scheme: "aisp", fromMs: 1_767_225_600_000, toMs: 1_775_001_600_000)))
        list.append((.fundingReportRows, { var r = FundingReportRow(); r.scheme = "aisp"; r.project = "vision"; r.user = "ada"
            r.milliGPUHours = 42_000_123; r.jobs = 17; return FundingReportRows(rows: [r, r]) }()))
        list.append((.jobPriority, JobPriorityRequest(jobID: 42)))
        list.append((.priorityBreakdown, { var t = PriorityTermInfo(); t.name = "fairshare"; t.factorMillionths = 500_000; t.weight = 10_000
            var b = PriorityBreakdownInfo(); b.jobID = 42; b.terms = [t, t]; b.position = 3; return b }()))
        list.append((.queryHistory, { var q = QueryHistory(); q.projects = ["vision"]; q.states = ["COMPLETED", "FAILED"]
            q.selectors = ["42", "43_7"]; q.fromMs = 1_767_225_600_000; q.toMs = 1_775_001_600_000; q.limit = 500; return q }()))
        list.append((.historyList, { var h = JobList(jobs: [job, job]); h.more = true; return h }()))
        list.append((.usageSeries, { var q = UsageSeriesRequest(); q.scheme = "aisp"; q.project = "vision"
            q.fromMs = 1_767_225_600_000; q.toMs = 1_775_001_600_000; q.stepMs = 86_400_000; return q }()))
        list.append((.usageSeriesReply, { var l = UsageSeriesLine(); l.project = "vision"; l.milliGpuHours = [0, 42_000, 7]
            var u = UsageSeries(); u.stepMs = 86_400_000; u.lines = [l, l]; return u }()))
        list.append((.fairShareTree, { var q = FairShareRequest(); q.scheme = "aisp"; return q }()))
        list.append((.fairShareTreeReply, { var l = FairShareLevelInfo(); l.path = ["aisp", "vision", "ada"]; l.isUser = true
            l.usedNothing = true; l.factorMillionths = 500_000; var t = FairShareTreeInfo(); t.levels = [l, l]; return t }()))
        list.append((.queueSeries, { var q = QueueSeriesRequest(); q.fromMs = 1_767_225_600_000; return q }()))
        list.append((.queueSeriesReply, { var s = QueueSampleInfo(); s.atMs = 1_767_225_600_000; s.pending = 40; s.running = 12
            s.medianWaitMs = 3_600_000; var q = QueueSeries(); q.samples = [s, s]; return q }()))
        list.append((.welcome, { var w = Welcome(user: "funder", role: "viewer", serverVersion: "aisched 0.1.0")
            w.schemes = ["aisp", "innohk"]; return w }()))
        return list
    }

    static var submission: JobSubmission {
        var s = JobSubmission()
        s.name = "train-llm"
        s.workdir = "/scratch/ada/run-42"
        s.argv = ["/bin/bash", "job.sh"]
        s.script = "#!/bin/bash\n#SBATCH --gpus-per-node=8\nsrun python3 train.py --lr=3e-4\n"
        s.environment = ["OMP_NUM_THREADS=8"]
        s.nodes = 2
        s.gpusPerNode = 8
        s.cpusPerNode = 96
        s.timeLimitSeconds = 86_400
        s.stdoutPath = "%j.out"
        s.dependency = "afterok:41"
        s.array = "0-9%2"
        s.partitions = ["gpu"]
        s.signal = "B:USR1@120"
        return s
    }

    static var job: JobInfo {
        var j = JobInfo()
        j.id = 42
        j.name = "train-llm"
        j.user = "ada"
        j.state = "RUNNING"
        j.submitTimeMs = 1_760_000_000_000
        j.startTimeMs = 1_760_000_100_000
        var a = NodeAllocationInfo()
        a.node = "dgx-01"
        a.cpus = Array(0..<16)
        a.gpus = [0, 1]
        a.memoryMB = 256_000
        j.allocation = [a]
        j.history = [StateChangeInfo(atMs: 1_760_000_000_000, state: "PENDING", reason: "Priority"),
                     StateChangeInfo(atMs: 1_760_000_100_000, state: "RUNNING", reason: "")]
        j.submission = submission
        return j
    }

    static var actionReply: JobActionReply {
        JobActionReply(results: [JobActionResult(jobID: 41, ok: true), JobActionResult(jobID: 42, ok: false, message: "no job 42 of yours")])
    }

    static var node: NodeInfo {
        var n = NodeInfo()
        n.name = "dgx-01"
        n.state = "mixed"
        n.gpuModel = "NVIDIA H100 80GB HBM3"
        n.gpusTotal = 8
        n.gpusFree = 6
        n.cpusTotal = 224
        n.cpusFree = 200
        n.partitions = ["gpu"]
        return n
    }

    static var registration: RegisterNode {
        var r = RegisterNode()
        r.name = "dgx-01"
        r.hostname = "dgx-01.cluster.internal"
        r.cpus = 224
        r.memoryMB = 2_063_000
        r.gpus = 8
        r.agentVersion = "aisched 0.1.0"
        r.runningJobIDs = [42]
        r.cpuIDs = Array(0..<224)
        r.features = ["nvlink"]
        return r
    }

    static var launch: LaunchJob {
        var l = LaunchJob()
        l.jobID = 42
        l.user = "ada"
        l.workdir = "/scratch/ada"
        l.argv = ["/bin/bash", "job.sh"]
        l.script = submission.script
        l.environment = ["AISCHED_JOB_ID=42", "SLURM_JOB_ID=42"]
        l.cpus = Array(0..<16)
        l.gpus = [0, 1]
        l.memoryMB = 256_000
        l.stdoutPath = "/scratch/ada/42.out"
        l.nodeList = ["dgx-01"]
        l.timeLimitSeconds = 86_400
        return l
    }

    static var project: ProjectInfo {
        var p = ProjectInfo()
        p.name = "vision"
        p.scheme = "aisp"
        p.shares = 40
        p.members = ["ada", "bob"]
        p.memberShares = [MemberShareInfo(user: "ada", shares: 3)]
        p.budgets = [BudgetPeriodInfo(startMs: 1_767_225_600_000, endMs: 1_775_001_600_000, milliGPUHours: 68_000_000)]
        return p
    }

    static var audit: AuditEntryInfo {
        var e = AuditEntryInfo()
        e.seq = 42
        e.atMs = 1_767_300_000_000
        e.actor = "ops"
        e.action = "update-project"
        e.subject = "project vision"
        e.after = #"{"name":"vision","shares":45}"#
        return e
    }
}
