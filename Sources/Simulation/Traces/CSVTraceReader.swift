import SchedulerCore

/// aisched's own trace format: a CSV a centre can export from its accounting (docs/SIMULATION.md).
///
///     submit,duration,walltime,gpus,cpus,memory,nodes,user,project
///     0,3600,7200,8,96,512000,2,alice,llm-lab
///
/// `submit`, `duration` and `walltime` are seconds (decimals allowed; `walltime` may be empty: none given);
/// `gpus`, `cpus` and `memory` (MB, empty or 0: the default per CPU) are per node; `nodes` ≥ 1. Columns may come
/// in any order; others are ignored.
public struct CSVTraceReader: TraceReader {
    public var skipBadLines: Bool

    public init(skipBadLines: Bool = false) { self.skipBadLines = skipBadLines }

    static let columns = ["submit", "duration", "walltime", "gpus", "cpus", "memory", "nodes", "user", "project"]

    public func read(_ text: String) throws(TraceError) -> TraceReadResult {
        TraceReadResult(try TraceLineWalker(skipBadLines: skipBadLines).walkCSV(text, columns: Self.columns, in: "CSV trace") {
            f, c, _ throws(TraceError) in
            let walltimeText = try f.text(c[2], "walltime")
            let memoryText = try f.text(c[5], "memory")
            let job = TraceJob(line: f.line, submit: Instant(milliseconds: try f.milliseconds(c[0], "submit")),
                               duration: Span(milliseconds: try f.milliseconds(c[1], "duration")),
                               walltime: walltimeText.isEmpty ? nil : Span(milliseconds: try f.milliseconds(c[2], "walltime")),
                               nodes: try f.integer(c[6], "nodes"), cpusPerNode: try f.integer(c[4], "cpus"),
                               memoryMBPerNode: memoryText.isEmpty ? 0 : Int64(try f.nonNegative(c[5], "memory")),
                               gpusPerNode: try f.integer(c[3], "gpus"),
                               team: String(try f.text(c[8], "project")), user: String(try f.text(c[7], "user")))
            try Self.check(job, f)
            return job
        })
    }

    private static func check(_ job: TraceJob, _ f: TraceFields) throws(TraceError) {
        if job.nodes < 1 { throw f.fail("nodes \(job.nodes) must be at least 1") }
        if job.cpusPerNode < 1 { throw f.fail("cpus \(job.cpusPerNode) must be at least 1") }
        if job.gpusPerNode < 0 { throw f.fail("gpus \(job.gpusPerNode) is negative") }
        if job.team.isEmpty { throw f.fail("project is empty") }
        if let walltime = job.walltime, walltime.milliseconds == 0 { throw f.fail("walltime 0 s: leave it empty for none") }
    }
}
