import Testing
import SchedulerCore
@testable import Simulation

@Suite struct ReaderTests {
    @Test func csvReaderReadsEveryColumn() throws {
        let text = "project,user,nodes,memory,cpus,gpus,walltime,duration,submit\nlab,ann,2,4096,16,4,7200,3600.5,12\n"
        let job = try #require(try CSVTraceReader().read(text).jobs.first)
        #expect(job == TraceJob(line: 2, submit: Instant(milliseconds: 12_000), duration: Span(milliseconds: 3_600_500),
                                walltime: .seconds(7200), nodes: 2, cpusPerNode: 16, memoryMBPerNode: 4096,
                                gpusPerNode: 4, team: "lab", user: "ann"))
    }

    @Test func alibabaReaderMapsPodsAndExcludesUnscheduledOnes() throws {
        let text = """
            name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time
            openb-pod-0000,12500,16384,1,460,V100M16|V100M32,LS,Running,5,1005,10
            openb-pod-0001,6000,12288,0,0,,BE,Pending,7,900,
            """
        let result = try AlibabaGPU2023Reader().read(text)
        #expect(result.jobs == [TraceJob(line: 2, submit: Instant(milliseconds: 5000), duration: .seconds(995),
                                         cpusPerNode: 13, memoryMBPerNode: 16384, gpusPerNode: 1,
                                         gpuModel: "V100M16", team: "LS")])
        #expect(result.excluded == ["never scheduled in production (no run time)": 1])
    }

    @Test func phillyReaderDrawsFromTheDistributionAndConsolidatesGangs() throws {
        let runtimes = PhillyRuntimeDistribution(seconds: [60, 600, 6000])
        let text = "vc,job_idx,arrival_time_s,num_gpus\n6214e9,0,0.0,1\n6214e9,1,6.0,20\n"
        let jobs = try PhillyReader(runtimes: runtimes, seed: 7).read(text).jobs
        #expect(jobs.map(\.nodes) == [1, 3])
        #expect(jobs.map(\.gpusPerNode) == [1, 7])       // 20 GPUs → 3 nodes × ⌈20/3⌉
        #expect(jobs.map(\.cpusPerNode) == [12, 84])
        #expect(jobs.allSatisfy { [60_000, 600_000, 6_000_000].contains($0.duration.milliseconds) })
        #expect(jobs.map(\.team) == ["6214e9", "6214e9"])
    }

    @Test func runtimeDistributionSkipsItsHeader() throws {
        #expect(try PhillyRuntimeDistribution.parse("runtime\n0.0\n12.5\n").seconds == [0, 12.5])
    }

    @Test func swfReaderSkipsCommentsAndSplitsProcessors() throws {
        let text = """
            ; UnixStartTime: 749458803
                1        0     -1   1451  128     -1    -1  128     -1    -1 -1   1   1  -1 -1 -1 -1 -1
                2     1460     -1     -1    4     -1    -1    4   3600    -1 -1   7   2  -1 -1 -1 -1 -1
                3     1500     -1     30    6     -1    -1   -1   3600  2048 -1   7   2  -1 -1 -1 -1 -1
            """
        let result = try SWFReader(processorsPerNode: 4).read(text)
        #expect(result.jobs.map(\.nodes) == [32, 2])
        #expect(result.jobs.map(\.cpusPerNode) == [4, 4])
        #expect(result.jobs.map(\.walltime) == [nil, .seconds(3600)])
        #expect(result.jobs.map(\.memoryMBPerNode) == [0, 8])     // 2048 KB per processor × 4
        #expect(result.jobs.map(\.team) == ["g1", "g2"])
        #expect(result.excluded == ["no run time (-1)": 1])
    }

    @Test func alibabaNodeListBuildsTwoDomainNodes() throws {
        let text = "sn,cpu_milli,memory_mib,gpu,model\nn0,96000,786432,8,V100M32\nn1,96000,786432,8,V100M32\nn2,32000,262144,0,\n"
        let cluster = try AlibabaNodeListReader().read(text)
        #expect(cluster.inventories.map(\.name) == ["n0", "n1", "n2"])
        #expect(cluster.groups.count == 2)
        let gpuNode = cluster.groups[0].topology
        #expect(gpuNode.numaDomains.map(\.memoryMB) == [393_216, 393_216])
        #expect(gpuNode.gpus.map(\.numaDomain) == [0, 0, 0, 0, 1, 1, 1, 1])
        #expect(cluster.totalGPUs == 16 && cluster.totalCPUs == 224)
    }

    @Test func clusterFileGroupsInlineShapes() throws {
        let file = ClusterFile(groups: [.init(count: 12, prefix: "cpu", cpus: 3, memoryGB: 8)])
        let cluster = try file.resolve(topologies: [:])
        #expect(cluster.inventories.first?.name == "cpu00" && cluster.inventories.last?.name == "cpu11")
        #expect(cluster.groups[0].topology.numaDomains.count == 1)   // 3 CPUs do not split over two sockets
    }

    @Test func repetitionShiftsCopiesPastTheTrace() {
        let jobs = [TraceJob(line: 2, submit: .seconds(10), duration: .seconds(1), team: "t"),
                    TraceJob(line: 3, submit: .seconds(40), duration: .seconds(1), team: "t")]
        #expect(TraceRepetition.repeated(jobs, times: 3).map { $0.submit.milliseconds / 1000 } == [10, 40, 41, 71, 72, 102])
    }

    @Test func retimingCompressesArrivalsOnly() {
        let jobs = [TraceJob(line: 2, submit: .seconds(100), duration: .seconds(7), team: "t"),
                    TraceJob(line: 3, submit: .seconds(400), duration: .seconds(9), team: "t")]
        let scaled = TraceRetiming.scaled(jobs, load: 3)
        #expect(scaled.map { $0.submit.milliseconds / 1000 } == [100, 200])
        #expect(scaled.map(\.duration) == jobs.map(\.duration))
    }
}

extension Instant {
    static func seconds(_ s: Int64) -> Instant { Instant(milliseconds: s * 1000) }
}
