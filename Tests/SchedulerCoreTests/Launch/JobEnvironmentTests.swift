import Testing
@testable import SchedulerCore

/// The variables a job finds on its nodes: Slurm's names and formats, set under Slurm's conditions.
@Suite struct JobEnvironmentTests {
    static func job(tasks: TaskLayout?, nodes: [String] = ["dgx-01", "dgx-02"], gpus: [Int] = [0, 1, 2, 3],
                    cpus: Int = 16, qos: String = "high") -> Job {
        var spec = JobSpec(name: "train", user: "alice", project: "vision", workdir: "/home/alice/run",
                           argv: ["python", "train.py"], environment: ["WANDB_MODE=offline"],
                           request: ResourceRequest(nodes: nodes.count, cpusPerNode: cpus, memoryMBPerNode: 65536,
                                                    gpusPerNode: gpus.count, gpuModel: "H100",
                                                    timeLimit: .minutes(60)),
                           qos: qos, tasks: tasks, submitDirectory: "/home/alice", submitHost: "login1")
        spec.name = "train"
        var job = Job(id: JobID(rawValue: 42), spec: spec, submitTime: Instant(milliseconds: 0), stdoutPath: "",
                      stderrPath: "")
        job.startTime = Instant(milliseconds: 1_000_000)
        job.allocation = Allocation(nodes: nodes.map {
            NodeAllocation(node: $0, cpus: Array(0..<cpus), gpus: gpus, numaNodes: [0], memoryMB: 65536)
        })
        return job
    }

    static func variables(_ job: Job, rank: Int = 0) -> [String: String] {
        let list = JobEnvironment(job: job, allocation: job.allocation!, rank: rank, masterAddress: "10.0.0.1").variables
        return Dictionary(list.map { entry -> (String, String) in
            let equals = entry.firstIndex(of: "=")!
            return (String(entry[..<equals]), String(entry[entry.index(after: equals)...]))
        }, uniquingKeysWith: { _, last in last })
    }

    @Test func twoNodesTwoTasksEach() {
        let v = Self.variables(Self.job(tasks: TaskLayout(total: 4, perNode: 2, cpusPerTask: 8, gpusPerTask: 2)))
        #expect(v["SLURM_JOB_ID"] == "42")
        #expect(v["SLURM_JOBID"] == "42")
        #expect(v["SLURM_JOB_NAME"] == "train")
        #expect(v["SLURM_JOB_NODELIST"] == "dgx-[01-02]")
        #expect(v["SLURM_NODELIST"] == "dgx-[01-02]")
        #expect(v["SLURM_JOB_NUM_NODES"] == "2")
        #expect(v["SLURM_NNODES"] == "2")
        #expect(v["SLURM_NTASKS"] == "4")
        #expect(v["SLURM_NPROCS"] == "4")
        #expect(v["SLURM_NTASKS_PER_NODE"] == "2")
        #expect(v["SLURM_TASKS_PER_NODE"] == "2(x2)")
        #expect(v["SLURM_CPUS_PER_TASK"] == "8")
        #expect(v["SLURM_JOB_CPUS_PER_NODE"] == "16(x2)")
        #expect(v["SLURM_CPUS_ON_NODE"] == "16")
        #expect(v["SLURM_GPUS_ON_NODE"] == "4")
        #expect(v["SLURM_JOB_GPUS"] == "0,1,2,3")
        #expect(v["SLURM_GPUS_PER_NODE"] == "H100:4")
        #expect(v["SLURM_GPUS_PER_TASK"] == "2")
        #expect(v["SLURM_MEM_PER_NODE"] == "65536")
        #expect(v["SLURM_SUBMIT_DIR"] == "/home/alice")
        #expect(v["SLURM_SUBMIT_HOST"] == "login1")
        #expect(v["SLURM_JOB_ACCOUNT"] == "vision")
        #expect(v["SLURM_JOB_QOS"] == "high")
        #expect(v["SLURM_JOB_USER"] == "alice")
        #expect(v["SLURMD_NODENAME"] == "dgx-01")
        #expect(v["SLURM_NODEID"] == "0")
        #expect(v["SLURM_PROCID"] == "0")
        #expect(v["SLURM_LOCALID"] == "0")
        #expect(v["SLURM_JOB_START_TIME"] == "1000")
        #expect(v["SLURM_JOB_END_TIME"] == "4600")
        #expect(v["ENVIRONMENT"] == "BATCH")
        #expect(v["MASTER_ADDR"] == "10.0.0.1")
        #expect(v["MASTER_PORT"] == "20042")
        #expect(v["WANDB_MODE"] == "offline")
        #expect(v["SLURM_RESTART_COUNT"] == nil, "set only after a requeue")
        #expect(v["SLURM_ARRAY_TASK_ID"] == nil)
    }

    @Test func theSecondNodeSaysWhichItIs() {
        let v = Self.variables(Self.job(tasks: nil), rank: 1)
        #expect(v["SLURMD_NODENAME"] == "dgx-02")
        #expect(v["SLURM_NODEID"] == "1")
        #expect(v["NODE_RANK"] == "1")
    }

    /// Slurm sets SLURM_NTASKS, SLURM_NTASKS_PER_NODE and SLURM_CPUS_PER_TASK only when they were asked for.
    @Test func taskVariablesOnlyWhenAskedFor() {
        let v = Self.variables(Self.job(tasks: nil, gpus: []))
        #expect(v["SLURM_NTASKS"] == nil)
        #expect(v["SLURM_NTASKS_PER_NODE"] == nil)
        #expect(v["SLURM_CPUS_PER_TASK"] == nil)
        #expect(v["SLURM_TASKS_PER_NODE"] == "1(x2)")
        #expect(v["SLURM_GPUS_ON_NODE"] == nil)
        #expect(v["SLURM_JOB_QOS"] == "high")
        let total = Self.variables(Self.job(tasks: TaskLayout(total: 3), nodes: ["n1", "n2"]))
        #expect(total["SLURM_NTASKS"] == "3")
        #expect(total["SLURM_NTASKS_PER_NODE"] == nil)
        #expect(total["SLURM_TASKS_PER_NODE"] == "2,1")
    }

    /// Inherited variables come first, the job's own override them, and explicit --export entries override both.
    @Test func inheritedVariablesYieldToTheJobsOwn() {
        var job = Self.job(tasks: nil)
        job.spec.inheritedEnvironment = ["SLURM_JOB_ID=999", "PATH=/venv/bin:/usr/bin", "WANDB_MODE=online"]
        let v = Self.variables(job)
        #expect(v["SLURM_JOB_ID"] == "42")
        #expect(v["PATH"] == "/venv/bin:/usr/bin")
        #expect(v["WANDB_MODE"] == "offline")
    }

    @Test func overcommitIsSaid() {
        let v = Self.variables(Self.job(tasks: TaskLayout(perNode: 8, cpusPerTask: 16, overcommit: true)))
        #expect(v["SLURM_OVERCOMMIT"] == "1")
        #expect(v["SLURM_NTASKS"] == "16")
        #expect(Self.variables(Self.job(tasks: nil))["SLURM_OVERCOMMIT"] == nil)
    }

    @Test func arrayTasksKnowTheirArray() {
        var job = Self.job(tasks: nil)
        job.spec.array = "0-15:2%4"
        job.arrayJobID = JobID(rawValue: 40)
        job.arrayTaskID = 4
        let v = Self.variables(job)
        #expect(v["SLURM_ARRAY_JOB_ID"] == "40")
        #expect(v["SLURM_ARRAY_TASK_ID"] == "4")
        #expect(v["SLURM_ARRAY_TASK_COUNT"] == "8")
        #expect(v["SLURM_ARRAY_TASK_MIN"] == "0")
        #expect(v["SLURM_ARRAY_TASK_MAX"] == "14")
        #expect(v["SLURM_ARRAY_TASK_STEP"] == "2")
        #expect(v["AISCHED_ARRAY_TASK_ID"] == "4")
    }

    @Test func aRequeuedJobCountsItsRestarts() {
        var job = Self.job(tasks: nil)
        job.history = [StateChange(at: Instant(milliseconds: 0), state: .pending, reason: "Submitted"),
                       StateChange(at: Instant(milliseconds: 5), state: .pending, reason: "Requeued: preempted by job 7")]
        #expect(Self.variables(job)["SLURM_RESTART_COUNT"] == "1")
    }

    @Test(arguments: [([8, 8, 4], "8(x2),4"), ([1], "1"), ([2, 1, 2], "2,1,2"), ([], "")] as [([Int], String)])
    func countsCompressLikeSlurm(counts: [Int], text: String) {
        #expect(JobEnvironment.compressedCounts(counts) == text)
    }

    @Test(arguments: [
        (TaskLayout(total: 5), 3, [2, 2, 1]), (TaskLayout(total: 3, perNode: 2), 2, [2, 1]),
        (TaskLayout(perNode: 4), 2, [4, 4]), (TaskLayout(), 3, [1, 1, 1]), (TaskLayout(total: 4), 2, [2, 2]),
    ] as [(TaskLayout, Int, [Int])])
    func tasksAreDistributedInBlocks(layout: TaskLayout, nodes: Int, expected: [Int]) {
        #expect(layout.tasksPerNode(nodes: nodes) == expected)
    }
}
