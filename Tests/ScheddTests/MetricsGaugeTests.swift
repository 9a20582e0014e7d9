@testable import schedd
import SchedulerCore
import Testing

/// The state gauges of /metrics, computed from a scheduler value as a scrape computes them.
@Suite struct MetricsGaugeTests {
    static let start = Instant(milliseconds: 1_800_000_000_000)
    static let admin = Principal(name: "root", role: .admin)

    static func spec(gpus: Int, cpus: Int = 1, hold: Bool = false, project: String = "") -> JobSpec {
        JobSpec(name: "", user: "ada", project: project, workdir: "/tmp", argv: ["true"], script: nil, environment: [],
                request: ResourceRequest(nodes: 1, cpusPerNode: cpus, memoryMBPerNode: 0, gpusPerNode: gpus,
                                         gpuModel: nil, exclusive: false, timeLimit: nil),
                stdoutPath: "", stderrPath: "", hold: hold)
    }

    /// Two H100 nodes (one drained) and a CPU-only one; a running job, a held one, a cancelled running one still
    /// being stopped (completing) and a cancelled pending one.
    static func centre(accounts: AccountRegistry = AccountRegistry(), project: String = "")
        -> (Scheduler, running: JobID) {
        var scheduler = Scheduler(state: ClusterState(accounts: accounts))
        var request: UInt64 = 0
        func handle(_ event: (RequestID) -> Event) {
            request += 1
            _ = scheduler.handle(event(RequestID(request)), at: start)
        }
        for (name, cpus, gpus) in [("gpu-1", 8, 4), ("gpu-2", 8, 4), ("cpu-1", 4, 0)] {
            let inventory = NodeInventory(name: name, address: name, cpuIDs: Array(0..<cpus), memoryMB: 64_000,
                                          gpuIndices: Array(0..<gpus), gpuModel: gpus > 0 ? "H100" : nil)
            handle { .nodeRegistered(inventory, running: [], request: $0) }
        }
        handle { .nodeControlRequested(.drain, nodes: ["gpu-2"], reason: "new cables", by: admin, request: $0) }
        handle { .jobSubmitted(spec(gpus: 2, cpus: 2, project: project), request: $0) }
        handle { .jobSubmitted(spec(gpus: 0, hold: true, project: project), request: $0) }
        handle { .jobSubmitted(spec(gpus: 1, project: project), request: $0) }
        handle { .jobSubmitted(spec(gpus: 0, hold: true, project: project), request: $0) }
        let ids = scheduler.state.jobs.keys.sorted()
        handle { .cancelRequested([.job(ids[2]), .job(ids[3])], by: Principal(name: "ada", role: .user), request: $0) }
        return (scheduler, ids[0])
    }

    @Test func jobsNodesAndResourcesAreCountedAsSqueueAndSinfoShowThem() {
        let (scheduler, _) = Self.centre()
        let gauges = SchedulerGauges.families(of: scheduler)
        let jobs = ["pending": 1.0, "running": 1, "completing": 1, "completed": 0, "failed": 0, "cancelled": 1,
                    "timeout": 0, "node_fail": 0]
        for (state, count) in jobs {
            #expect(gauges.value("aisched_jobs_\(state)") == count, "jobs \(state)")
        }
        #expect(gauges.value("aisched_jobs_pending_reason", ["reason": "Held"]) == 1)
        #expect(gauges.value("aisched_jobs_pending_reason", ["reason": "Resources"]) == 0, "every reason is listed")
        let nodes = ["idle": 1.0, "mix": 1, "alloc": 0, "drain": 1, "down": 0, "total": 3]
        for (state, count) in nodes {
            #expect(gauges.value("aisched_nodes_\(state)") == count, "nodes \(state)")
        }
        #expect(gauges.value("aisched_agents_connected") == 3)
        // gpu-1 holds 2 + 1 GPUs (the cancelled job's until its agent reports it gone); gpu-2's are drained.
        let h100 = ["model": "H100"], none = ["model": SchedulerGauges.noGPU]
        #expect(gauges.value("aisched_gpus_alloc", h100) == 3)
        #expect(gauges.value("aisched_gpus_idle", h100) == 1)
        #expect(gauges.value("aisched_gpus_other", h100) == 4)
        #expect(gauges.value("aisched_gpus_total", h100) == 8)
        #expect(gauges.value("aisched_gpus_total", none) == 0)
        #expect(gauges.value("aisched_cpus_alloc", h100) == 3)
        #expect(gauges.value("aisched_cpus_idle", h100) == 5)
        #expect(gauges.value("aisched_cpus_other", h100) == 8)
        #expect(gauges.value("aisched_cpus_idle", none) == 4)
    }

    /// A reason with a detail (`ReqNodeNotAvail, UnavailableNodes:gpu-1 (…)`) counts under its word: label values
    /// stay one per reason, not one per node list.
    @Test func aReasonWithADetailIsCountedUnderItsWord() {
        var scheduler = Scheduler(state: ClusterState())
        let inventory = NodeInventory(name: "gpu-1", address: "gpu-1", cpuIDs: Array(0..<8), memoryMB: 64_000,
                                      gpuIndices: Array(0..<4), gpuModel: "H100")
        _ = scheduler.handle(.nodeRegistered(inventory, running: [], request: RequestID(1)), at: Self.start)
        _ = scheduler.handle(.nodeControlRequested(.drain, nodes: ["gpu-1"], reason: "new cables", by: Self.admin,
                                                   request: RequestID(2)), at: Self.start)
        _ = scheduler.handle(.jobSubmitted(Self.spec(gpus: 2), request: RequestID(3)), at: Self.start)
        let job = scheduler.state.jobs.values.first
        #expect(job?.reason.hasPrefix("ReqNodeNotAvail, UnavailableNodes:gpu-1") == true, "\(job?.reason ?? "")")
        let gauges = SchedulerGauges.families(of: scheduler)
        #expect(gauges.value("aisched_jobs_pending_reason", ["reason": "ReqNodeNotAvail"]) == 1)
        #expect(gauges.value("aisched_jobs_pending_reason", ["reason": "Other"]) == nil)
    }

    /// A project and its scheme with budgets are charged for the running job; a project without a budget is left
    /// out.
    @Test func budgetsShowWhatTheActivePeriodAllocatedUsedAndLeft() throws {
        let period = BudgetPeriod(start: Instant(milliseconds: Self.start.milliseconds - 3_600_000),
                                  end: Self.start + .minutes(60 * 24 * 30), gpuHours: 100)
        let accounts = AccountRegistry(
            schemes: [FundingScheme(name: "innohk", budgets: [BudgetPeriod(start: period.start, end: period.end,
                                                                           gpuHours: 1_000)])],
            projects: [Project(name: "vision", scheme: "innohk", members: ["ada"], budgets: [period]),
                       Project(name: "free", scheme: "innohk", members: ["ada"])])
        var (scheduler, running) = Self.centre(accounts: accounts, project: "vision")
        #expect(scheduler.state.jobs[running]?.state == .running)
        // An hour on, the agents still heard from: the running job has used 2 GPUs for an hour.
        let later = Self.start + .minutes(60)
        let heartbeats = ["gpu-1", "gpu-2", "cpu-1"].map { node in
            Event.heartbeatReceived(node: node, running: scheduler.state.nodes[node]?.jobs.sorted() ?? [])
        }
        _ = scheduler.handle(heartbeats + [.timerFired], at: later)
        let gauges = AccountGauges.families(of: scheduler, at: later)
        let vision = ["project": "vision", "scheme": "innohk"]
        let used = try #require(gauges.value("aisched_project_gpu_hours_used", vision))
        #expect(used > 1.9 && used <= 3.1, "2 GPUs for an hour (and the cancelled job's 1 GPU): \(used)")
        #expect(gauges.value("aisched_project_gpu_hours_allocated", vision) == 100)
        #expect(gauges.value("aisched_project_gpu_hours_remaining", vision) == 100 - used)
        #expect(gauges.value("aisched_scheme_gpu_hours_used", ["scheme": "innohk"]) == used)
        #expect(gauges.value("aisched_scheme_gpu_hours_allocated", ["scheme": "innohk"]) == 1_000)
        #expect(gauges.value("aisched_project_gpu_hours_used", ["project": "free", "scheme": "innohk"]) == nil)
    }

    /// Cycles, requests and commits land in their histograms under their labels, in the buckets of their time.
    @Test func timingsLandInTheirBuckets() {
        let metrics = ScheddMetrics()
        metrics.cycle(.full, took: .milliseconds(3))
        metrics.cycle(.incremental, took: .microseconds(150))
        metrics.rpc("submitJob", took: .milliseconds(40))
        metrics.rpc("submitJob", took: .milliseconds(60))
        metrics.commit(took: .milliseconds(2), events: 7)
        let text = metrics.exposition()
        for line in [
            #"aisched_scheduler_cycle_duration_seconds_bucket{kind="full",le="0.0025"} 0"#,
            #"aisched_scheduler_cycle_duration_seconds_bucket{kind="full",le="0.005"} 1"#,
            #"aisched_scheduler_cycle_duration_seconds_bucket{kind="incremental",le="0.00025"} 1"#,
            #"aisched_rpc_duration_seconds_bucket{kind="submitJob",le="0.05"} 1"#,
            #"aisched_rpc_duration_seconds_count{kind="submitJob"} 2"#,
            #"aisched_commit_duration_seconds_count 1"#,
            #"aisched_commit_batch_events_bucket{le="5.0"} 0"#,
            #"aisched_commit_batch_events_bucket{le="10.0"} 1"#,
        ] {
            #expect(text.contains(line + "\n"), "\(line) not in:\n\(text)")
        }
        let bounds = ScheddMetrics.durations(from: .microseconds(100), to: .seconds(10))
        #expect(bounds.count == 16 && bounds.first == .microseconds(100) && bounds.last == .seconds(10))
    }

    /// The text a scrape sends: one `# HELP` and `# TYPE` per family, label values as given.
    @Test func theExpositionIsPrometheusText() {
        let text = MetricsExposition.text([
            GaugeFamily("aisched_jobs_pending", help: "Jobs in state pending.", value: 2),
            GaugeFamily("aisched_gpus_idle", help: "Free GPUs.", samples: [GaugeSample(["model": "H100 80GB"], 5)]),
        ])
        #expect(text.contains("# HELP aisched_jobs_pending Jobs in state pending.\n# TYPE aisched_jobs_pending gauge\n"))
        #expect(text.contains("aisched_jobs_pending 2"))
        #expect(text.contains("aisched_gpus_idle{model=\"H100 80GB\"} 5"))
    }
}
