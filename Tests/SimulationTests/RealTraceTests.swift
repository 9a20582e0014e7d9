import Testing
import SchedulerCore
@testable import Simulation

/// The readers on the first few thousand lines of each real trace in `data/traces`.
@Suite struct RealTraceTests {
    @Test func alibabaPodList() throws {
        let result = try AlibabaGPU2023Reader().read(RealTraces.text("alibaba-gpu-v2023-openb/openb_pod_list_default.csv.gz", lines: 3000))
        #expect(result.skipped.isEmpty)
        #expect(result.jobs.count + result.excluded.values.reduce(0, +) == 2999)
        #expect(result.jobs.allSatisfy { $0.gpusPerNode <= 8 && $0.cpusPerNode >= 1 })
        #expect(Set(result.jobs.map(\.team)).isSubset(of: ["LS", "BE", "Burstable", "Guaranteed"]))
    }

    @Test func alibabaNodeListIsTheRealInventory() throws {
        let cluster = try AlibabaNodeListReader().read(RealTraces.text("alibaba-gpu-v2023-openb/openb_node_list_all_node.csv.gz"))
        #expect(cluster.nodeCount == 1523)
        #expect(cluster.totalGPUs == 6212)
    }

    @Test func phillyArrivalsWithRealRuntimes() throws {
        let runtimes = try PhillyRuntimeDistribution.parse(RealTraces.text("philly-gavel-vc/philly_runtime.csv.gz"))
        #expect(runtimes.seconds.count == 83_154)
        let result = try PhillyReader(runtimes: runtimes, seed: 0)
            .read(RealTraces.text("philly-gavel-vc/philly_vc_jobs_seed0.csv.gz", lines: 3000))
        #expect(result.jobs.count == 2999)
        #expect(result.jobs.allSatisfy { $0.totalGPUs >= 1 && $0.gpusPerNode <= 8 })
    }

    @Test func nasaSWFLog() throws {
        let result = try SWFReader().read(RealTraces.text("pwa-nasa-ipsc-1993/NASA-iPSC-1993-3.1-cln.swf.gz", lines: 3000))
        #expect(result.skipped.isEmpty)
        #expect(result.jobs.count > 2900)
        #expect(result.jobs.allSatisfy { $0.nodes >= 1 && $0.nodes <= 128 && $0.cpusPerNode == 1 })
    }

    @Test func aShortReplayOfTheAlibabaTraceFinishesEveryJob() throws {
        let jobs = try AlibabaGPU2023Reader().read(RealTraces.text("alibaba-gpu-v2023-openb/openb_pod_list_default.csv.gz", lines: 120)).jobs
        let cluster = try AlibabaNodeListReader().read(RealTraces.text("alibaba-gpu-v2023-openb/openb_node_list_all_node.csv.gz"))
        // Pods run for up to 149 days: a daily charge keeps the debug-build replay short.
        var settings = SchedulerSettings()
        settings.accounting.accountingInterval = .minutes(24 * 60)
        let simulation = try Simulation(jobs: jobs, map: .equalShares, cluster: cluster, settings: settings)
        let m = SimulationMetrics(simulation.replay(.fairshare))
        #expect(m.finished + m.neverStarted == m.jobs)
        #expect(m.jobs == jobs.count)
    }
}
