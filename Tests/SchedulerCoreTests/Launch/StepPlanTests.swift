import Testing
@testable import SchedulerCore

/// `srun` steps laid out on a job: Slurm's block distribution, CPUs and GPUs per task, the task variables.
@Suite struct StepPlanTests {
    static func runningJob(tasks: TaskLayout?, nodes: Int = 2, cpus: Int = 16, gpus: [Int] = [0, 1, 2, 3]) -> Job {
        var job = JobEnvironmentTests.job(tasks: tasks, nodes: (1...nodes).map { "dgx-0\($0)" }, gpus: gpus, cpus: cpus)
        job.state = .running
        return job
    }

    static func plan(_ job: Job, _ request: StepRequest = StepRequest(), step: Int = 0) -> Result<StepPlan, Rejection> {
        StepPlan.make(job: job, stepID: step, request: request, masterAddress: "10.0.0.1")
    }

    static func value(_ name: String, _ task: StepPlan.Task) -> String? {
        task.environment.last { $0.hasPrefix(name + "=") }.map { String($0.dropFirst(name.count + 1)) }
    }

    /// (job's task options, srun's options) → the node of each rank, and the CPUs and GPUs each task gets.
    @Test(arguments: [
        (TaskLayout(perNode: 2, cpusPerTask: 4, gpusPerTask: 2), StepRequest(),
         ["dgx-01", "dgx-01", "dgx-02", "dgx-02"], [4, 4, 4, 4], [[0, 1], [2, 3], [0, 1], [2, 3]]),
        (nil, StepRequest(), ["dgx-01", "dgx-02"], [16, 16], [[0, 1, 2, 3], [0, 1, 2, 3]]),
        (TaskLayout(perNode: 2), StepRequest(tasks: 1), ["dgx-01"], [16], [[0, 1, 2, 3]]),
        (TaskLayout(perNode: 2), StepRequest(tasks: 3), ["dgx-01", "dgx-01", "dgx-02"], [8, 8, 16],
         [[0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3]]),
        (nil, StepRequest(tasksPerNode: 4, cpusPerTask: 2, gpusPerTask: 1),
         ["dgx-01", "dgx-01", "dgx-01", "dgx-01", "dgx-02", "dgx-02", "dgx-02", "dgx-02"], [2, 2, 2, 2, 2, 2, 2, 2],
         [[0], [1], [2], [3], [0], [1], [2], [3]]),
        (nil, StepRequest(tasks: 2, nodes: 1), ["dgx-01", "dgx-01"], [8, 8], [[0, 1, 2, 3], [0, 1, 2, 3]]),
    ] as [(TaskLayout?, StepRequest, [String], [Int], [[Int]])])
    func layout(tasks: TaskLayout?, request: StepRequest, nodes: [String], cpuCounts: [Int], gpus: [[Int]]) throws {
        let plan = try Self.plan(Self.runningJob(tasks: tasks), request).get()
        #expect(plan.tasks.map(\.rank) == Array(0..<nodes.count))
        #expect(plan.tasks.map(\.node) == nodes)
        #expect(plan.tasks.map(\.cpus.count) == cpuCounts)
        #expect(plan.tasks.map(\.gpus) == gpus)
        #expect(plan.nodes == Array(orderedUnique(nodes)))
    }

    @Test func minusWRunsTheStepOnTheNamedNodes() throws {
        let job = Self.runningJob(tasks: nil, nodes: 3)
        let plan = try Self.plan(job, StepRequest(tasks: 1, nodes: 1, nodeList: ["dgx-02"])).get()
        #expect(plan.tasks.map(\.node) == ["dgx-02"], "Ray's pattern: one task on a chosen node")
        let two = try Self.plan(job, StepRequest(nodeList: ["dgx-03", "dgx-01"])).get()
        #expect(two.nodes == ["dgx-01", "dgx-03"], "in the job's order, one task each")
        guard case .failure(let rejection) = Self.plan(job, StepRequest(nodeList: ["gpu-99"])) else {
            Issue.record("a node outside the job was accepted")
            return
        }
        #expect(rejection.message.contains("gpu-99 is not one of job 42's"))
    }

    @Test func tasksOnANodeGetDisjointCPUsOfTheJob() throws {
        let job = Self.runningJob(tasks: TaskLayout(perNode: 4, cpusPerTask: 3))
        let plan = try Self.plan(job).get()
        for node in plan.nodes {
            let cpus = plan.tasks(on: node).flatMap(\.cpus)
            #expect(Set(cpus).count == cpus.count, "no CPU shared by two tasks on \(node)")
            #expect(Set(cpus).isSubset(of: Set(0..<16)))
        }
    }

    @Test func everyTaskKnowsItsRankAndTheStep() throws {
        let plan = try Self.plan(Self.runningJob(tasks: TaskLayout(perNode: 2, cpusPerTask: 4, gpusPerTask: 2)), step: 3).get()
        let task = plan.tasks[3]
        #expect(Self.value("SLURM_PROCID", task) == "3")
        #expect(Self.value("SLURM_LOCALID", task) == "1")
        #expect(Self.value("SLURM_NODEID", task) == "1")
        #expect(Self.value("SLURMD_NODENAME", task) == "dgx-02")
        #expect(Self.value("SLURM_STEP_ID", task) == "3")
        #expect(Self.value("SLURM_STEP_NUM_TASKS", task) == "4")
        #expect(Self.value("SLURM_STEP_NODELIST", task) == "dgx-[01-02]")
        #expect(Self.value("SLURM_STEP_TASKS_PER_NODE", task) == "2(x2)")
        #expect(Self.value("SLURM_NTASKS", task) == "4")
        #expect(Self.value("SLURM_CPUS_PER_TASK", task) == "4")
        #expect(Self.value("AISCHED_GPUS", task) == "2,3")
        #expect(Self.value("NODE_RANK", task) == "1")
        #expect(Self.value("SLURM_JOB_ID", task) == "42")
        #expect(Self.value("MASTER_PORT", task) == nil, "the script's own rendezvous variables are left alone")
    }

    @Test(arguments: [
        (StepRequest(nodes: 3), "asks for 3 nodes; job 42 has 2"),
        (StepRequest(tasksPerNode: 4, cpusPerTask: 8), "need 32 CPUs on dgx-01; the job has 16 there"),
        (StepRequest(tasksPerNode: 3, gpusPerTask: 2), "need 6 GPUs on dgx-01; the job has 4 there"),
    ])
    func stepsThatDoNotFitAreRefusedWithEveryProblem(request: StepRequest, expected: String) {
        guard case .failure(let rejection) = Self.plan(Self.runningJob(tasks: nil), request) else {
            Issue.record("\(request) was accepted")
            return
        }
        #expect(rejection.message.contains(expected), "\(rejection.message)")
        #expect(!rejection.hint.isEmpty)
    }

    @Test func aJobThatIsNotRunningHasNoSteps() {
        var job = Self.runningJob(tasks: nil)
        job.state = .pending
        guard case .failure(let rejection) = Self.plan(job) else {
            Issue.record("a step in a pending job was accepted")
            return
        }
        #expect(rejection.code == .conflict)
    }

    /// Property: for any geometry that fits, ranks are 0..<n in node order, each node gets what the layout says.
    @Test func blockDistributionMatchesTheLayoutsCounts() throws {
        for nodes in 1...4 {
            for perNode in 1...4 {
                for total in nodes...(nodes * perNode) {
                    let request = StepRequest(tasks: total, tasksPerNode: perNode)
                    let plan = try Self.plan(Self.runningJob(tasks: nil, nodes: nodes), request).get()
                    let counts = plan.nodes.map { plan.tasks(on: $0).count }
                    let expected = TaskLayout(total: total, perNode: perNode).tasksPerNode(nodes: plan.nodes.count)
                    #expect(counts == expected, "n=\(total) per-node=\(perNode) over \(nodes)")
                    #expect(plan.tasks.map(\.rank) == Array(0..<total))
                    #expect(plan.tasks.map(\.nodeIndex) == plan.tasks.map(\.nodeIndex).sorted())
                }
            }
        }
    }
}

/// The distinct elements of `items` in first-seen order.
private func orderedUnique(_ items: [String]) -> [String] {
    var seen: Set<String> = []
    return items.filter { seen.insert($0).inserted }
}
