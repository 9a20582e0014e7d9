import Testing
import SchedulerCore
@testable import Simulation

@Suite struct MalformedLineTests {
    static let csv = """
        submit,duration,walltime,gpus,cpus,memory,nodes,user,project
        0,100,,1,1,,1,ann,a
        5,ten,,1,1,,1,ann,a
        9,100,,1,1,,0,ann,a
        12,100,,1,1,,1,ann,a
        """

    @Test func aBadLineStopsTheReadWithItsNumberAndReason() {
        #expect(throws: TraceError.badLine(line: 3, reason: "duration \"ten\" is not a number")) {
            try CSVTraceReader().read(Self.csv)
        }
    }

    @Test func skippingBadLinesKeepsTheRestAndReportsEach() throws {
        let result = try CSVTraceReader(skipBadLines: true).read(Self.csv)
        #expect(result.jobs.map(\.line) == [2, 5])
        #expect(result.skipped == [.badLine(line: 3, reason: "duration \"ten\" is not a number"),
                                   .badLine(line: 4, reason: "nodes 0 must be at least 1")])
    }

    @Test func everyReaderNamesTheLine() {
        let swf = "; header\n1 0 -1 10 4 -1 -1 4 -1 -1 -1 1 1\n"
        #expect(throws: TraceError.badLine(line: 2, reason: "13 fields, SWF has 18")) { try SWFReader().read(swf) }
        let philly = "vc,job_idx,arrival_time_s,num_gpus\nab,0,1.0,0\n"
        #expect(throws: TraceError.badLine(line: 2, reason: "num_gpus 0 must be at least 1")) {
            try PhillyReader(runtimes: PhillyRuntimeDistribution(seconds: [1]), seed: 1).read(philly)
        }
        let pods = "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\np,1000,10,1,1000,,LS,Running,0,5,9\n"
        #expect(throws: TraceError.badLine(line: 2, reason: "deletion_time is before scheduled_time")) {
            try AlibabaGPU2023Reader().read(pods)
        }
    }

    @Test func aMissingColumnIsAFileError() {
        #expect(throws: TraceError.badFile(reason: "CSV trace: line 1 (the header) has no column \"walltime\"")) {
            try CSVTraceReader().read("submit,duration\n0,1\n")
        }
    }
}
