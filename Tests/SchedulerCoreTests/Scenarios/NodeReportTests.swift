import Testing
@testable import SchedulerCore

/// `aisubmit nodes` (sinfo): each node's state in sinfo's words, why it takes no new jobs, and free = total minus
/// what jobs hold on it.
@Suite struct NodeReportTests {
    /// What a report should say, compared as one value so a failure shows every field.
    struct Expected: Equatable, CustomStringConvertible {
        var state: NodeReport.State
        var responding = true
        var reason = ""
        var gpus: (free: Int, total: Int) = (4, 4)
        var cpus: (free: Int, total: Int) = (8, 8)
        var memoryMB: (free: Int64, total: Int64) = (64_000, 64_000)

        static func == (a: Expected, b: Expected) -> Bool { a.description == b.description }
        var description: String {
            "\(state) responding=\(responding) reason=\"\(reason)\" gpus=\(gpus.free)/\(gpus.total) "
                + "cpus=\(cpus.free)/\(cpus.total) memory=\(memoryMB.free)/\(memoryMB.total)"
        }

        init(_ state: NodeReport.State, responding: Bool = true, reason: String = "", gpus: (Int, Int) = (4, 4),
             cpus: (Int, Int) = (8, 8), memoryMB: (Int64, Int64) = (64_000, 64_000)) {
            self.state = state
            self.responding = responding
            self.reason = reason
            self.gpus = gpus
            self.cpus = cpus
            self.memoryMB = memoryMB
        }

        init(_ r: NodeReport) {
            self.init(r.state, responding: r.responding, reason: r.reason, gpus: (r.gpusFree, r.gpusTotal),
                      cpus: (r.cpusFree, r.cpusTotal), memoryMB: (r.memoryMBFree, r.memoryMBTotal))
        }
    }

    /// One node `n` (8 CPUs, 4 A100s, 64 GB) in some situation.
    enum Situation: String, CaseIterable, CustomStringConvertible {
        case empty, oneJobHoldsPart, oneJobHoldsEveryCPU, everyGPUHeldCPUsFree, jobEnded, cancelledStillStopping
        case agentDisconnected, silentPastTimeout, drainedEmpty, drainingWithJob

        var description: String { rawValue }

        var expected: Expected {
            switch self {
            case .empty, .jobEnded: Expected(.idle)
            case .oneJobHoldsPart: Expected(.mixed, gpus: (2, 4), cpus: (5, 8), memoryMB: (54_000, 64_000))
            case .oneJobHoldsEveryCPU: Expected(.allocated, gpus: (4, 4), cpus: (0, 8), memoryMB: (63_000, 64_000))
            case .everyGPUHeldCPUsFree: Expected(.mixed, gpus: (0, 4), cpus: (7, 8), memoryMB: (63_000, 64_000))
            case .cancelledStillStopping: Expected(.mixed, gpus: (2, 4), cpus: (5, 8), memoryMB: (54_000, 64_000))
            case .agentDisconnected:
                Expected(.idle, responding: false, reason: "agent disconnected; no new jobs until it reconnects")
            case .silentPastTimeout: Expected(.down, responding: false, reason: "not responding")
            case .drainedEmpty: Expected(.drained, reason: "GPU 3 ECC errors")
            case .drainingWithJob:
                Expected(.draining, reason: "GPU 3 ECC errors", gpus: (2, 4), cpus: (5, 8), memoryMB: (54_000, 64_000))
            }
        }

        func scheduler() -> Scheduler {
            var cluster = TestCluster()
            cluster.addNode("n", cpus: 8, memoryMB: 64_000, gpus: 4)
            func run(cpus: Int = 3, memoryMB: Int64 = 10_000, gpus: Int = 2) -> JobID {
                let id = cluster.submit(cpus: cpus, memoryMB: memoryMB, gpus: gpus)
                cluster.confirmLaunch(id)
                return id
            }
            switch self {
            case .empty: break
            case .oneJobHoldsPart: _ = run()
            case .oneJobHoldsEveryCPU: _ = run(cpus: 8, memoryMB: 1_000, gpus: 0)
            case .everyGPUHeldCPUsFree: _ = run(cpus: 1, memoryMB: 1_000, gpus: 4)
            case .jobEnded: cluster.exit(run(), on: "n")
            case .cancelledStillStopping: _ = cluster.cancel(run())
            case .agentDisconnected: cluster.disconnect("n")
            case .silentPastTimeout: cluster.advance(by: Span(milliseconds: cluster.settings.nodeTimeout.milliseconds + 1_000))
            case .drainedEmpty, .drainingWithJob:
                if self == .drainingWithJob { _ = run() }
                cluster.controlNodes(.drain, ["n"], reason: "GPU 3 ECC errors")
            }
            return cluster.scheduler
        }
    }

    @Test(arguments: Situation.allCases)
    func eachSituationReadsAsSinfoWould(_ situation: Situation) throws {
        let reports = try situation.scheduler().nodeReports().get()
        #expect(reports.count == 1)
        let report = try #require(reports.first)
        #expect(Expected(report) == situation.expected)
        #expect(report.gpuModel == "A100")
        #expect((report.since != nil) == (situation == .silentPastTimeout), "only a down node says since when")
    }

    @Test func aDownNodeSaysWhenItWasLastHeard() throws {
        var cluster = TestCluster()
        cluster.addNode("n")
        let heard = cluster.now
        cluster.advance(by: Span(milliseconds: cluster.settings.nodeTimeout.milliseconds + 1_000))
        #expect(try cluster.scheduler.nodeReports().get().first?.since == heard)
    }

    @Test func nodesComeSortedAndCanBeNamed() throws {
        var cluster = TestCluster()
        for name in ["dgx-02", "cpu-01", "dgx-01"] { cluster.addNode(name) }
        #expect(try cluster.scheduler.nodeReports().get().map(\.name) == ["cpu-01", "dgx-01", "dgx-02"])
        #expect(try cluster.scheduler.nodeReports(named: ["dgx-02", "dgx-01", "dgx-02"]).get().map(\.name)
                == ["dgx-01", "dgx-02"])
    }

    @Test func unknownNamesAreRefusedAllAtOnceWithTheNodesThereAre() {
        var cluster = TestCluster()
        for name in ["dgx-01", "dgx-02"] { cluster.addNode(name) }
        guard case .failure(let rejection) = cluster.scheduler.nodeReports(named: ["gpu-9", "dgx-01", "gpu-7"]) else {
            Issue.record("unknown nodes were accepted")
            return
        }
        #expect(rejection.code == .notFound)
        #expect(rejection.message == "no node named gpu-7, gpu-9")
        #expect(rejection.hint == "the nodes are dgx-[01-02]")
    }
}

@Suite("Placement report of a pending job")
struct PlacementReportQueryTests {
    @Test func countsEachNodeUnderTheFirstFilterThatTurnedItDown() {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", cpus: 8, gpus: 4, gpuModel: "A100")
        cluster.addNode("gpu-02", cpus: 8, gpus: 4, gpuModel: "A100")
        cluster.addNode("h100-01", cpus: 8, gpus: 4, gpuModel: "H100")
        cluster.addNode("cpu-01", cpus: 8)
        let busy = cluster.submit(cpus: 8, gpus: 4, gpuModel: "A100")
        #expect(cluster.job(busy).state == .running)
        let waiting = cluster.submit(cpus: 2, gpus: 4, nodes: 2, gpuModel: "A100")
        #expect(cluster.job(waiting).state == .pending)
        let report = cluster.scheduler.placementReport(of: waiting)
        #expect(report?.nodesEvaluated == 4)
        #expect(report?.count(.gpuModel) == 2) // h100-01, cpu-01
        #expect(report?.count(.cpusBusy) == 1) // the node the first job holds
        #expect(report?.nodesFitting == 1)
        #expect(cluster.scheduler.placementReport(of: busy) == nil)
    }
}
