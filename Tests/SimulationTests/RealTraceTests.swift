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

    /// The LLNL Atlas log (data/traces/pwa-llnl-atlas-2006): the first 3,000 lines (32 of header, 2,968 jobs) against
    /// what the header says of the machine and of the archive's cleaning.
    @Test func atlasSWFLogMatchesItsHeader() throws {
        let text = try RealTraces.text("pwa-llnl-atlas-2006/LLNL-Atlas-2006-2.1-cln.swf.gz", lines: 3000)
        let header = SWFHeader(text)
        #expect(header.maxNodes == 1152)
        #expect(header.maxProcs == 9216)
        #expect(header.maxJobs == 60332)
        #expect(header.unixStartTime == 1163199901)
        #expect(header.values["Partition"]?.count == 4)
        let perNode = try #require(header.processorsPerNode)
        #expect(perNode == 8)

        let jobLines = text.split(separator: "\n").filter { !$0.hasPrefix(";") }
        let numbers = jobLines.compactMap { $0.split(separator: " ").first.flatMap { Int($0) } }
        #expect(numbers.count == 2968)
        // "submit<=2006-12-18 00:00:00 (1434 jobs removed)": the kept jobs start at 1435, in order, up to MaxJobs.
        #expect(numbers.first == 1435)
        #expect(numbers == numbers.sorted() && numbers.allSatisfy { $0 <= 60332 })

        let result = try SWFReader(processorsPerNode: perNode, tenant: .user).read(text)
        #expect(result.skipped.isEmpty)
        #expect(result.excluded == ["no processor count": 191])       // cancelled before they started
        #expect(result.jobs.count == 2777)
        // Slurm gave Atlas jobs whole nodes: every job is whole 8-CPU nodes, none wider than the machine.
        #expect(result.jobs.allSatisfy { $0.cpusPerNode == 8 && $0.nodes >= 1 && $0.nodes <= 1152 })
        // Every kept submit is after the cleaning cut, 2006-12-18 00:00 PST (Unix 1166428800).
        #expect(result.jobs.allSatisfy { header.unixStartTime! + Int($0.submit.milliseconds / 1000) >= 1_166_428_800 })
        // Jobs 1435–1439 were cancelled before they started; 1440 is the first to replay.
        #expect(result.jobs.first?.line == 38 && result.jobs.first?.submit == Instant(milliseconds: 3_279_379_000))
        #expect(result.jobs.filter { $0.walltime != nil }.count == 1021)   // real requested times (field 9)
        #expect(Set(result.jobs.map(\.team)).allSatisfy { $0.hasPrefix("u") })
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
