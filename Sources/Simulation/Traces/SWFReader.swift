import SchedulerCore

/// The Standard Workload Format of the Parallel Workloads Archive (Chapin et al., JSSPP'99): 18
/// whitespace-separated fields a job, `;` header comments.
///
/// Mapping (docs/SIMULATION.md): submit = field 2; duration = field 4 (run time); processors = field 8 (requested)
/// or, when absent, field 5 (allocated), placed as `⌈p/processorsPerNode⌉` nodes of up to `processorsPerNode`
/// CPUs; walltime = field 9 when given; memory = field 10 (KB per processor) when given. The tenant is the group
/// (field 13) or the user (field 12). Jobs without a run time or processors are excluded (counted).
public struct SWFReader: TraceReader {
    public enum Tenant: String, Sendable, CaseIterable { case group, user }

    public var processorsPerNode: Int
    public var tenant: Tenant
    public var skipBadLines: Bool

    public init(processorsPerNode: Int = 1, tenant: Tenant = .group, skipBadLines: Bool = false) {
        self.processorsPerNode = max(1, processorsPerNode)
        self.tenant = tenant
        self.skipBadLines = skipBadLines
    }

    public func read(_ text: String) throws(TraceError) -> TraceReadResult {
        TraceReadResult(try TraceLineWalker(skipBadLines: skipBadLines).walk(splitLines(text), isComment: { $0.trimmingBlanks.hasPrefix(";") }) {
            line, number, result throws(TraceError) in
            let f = TraceFields(whitespaceSeparated: line, number: number)
            guard f.fields.count >= 18 else { throw f.fail("\(f.fields.count) fields, SWF has 18") }
            let submit = try f.integer(1, "submit time")
            let run = try f.integer(3, "run time")
            let requested = try f.integer(7, "requested processors")
            let processors = requested > 0 ? requested : try f.integer(4, "allocated processors")
            guard submit >= 0 else { throw f.fail("submit time \(submit) is negative") }
            guard run >= 0 else { result.exclude("no run time (-1)"); return nil }
            guard processors > 0 else { result.exclude("no processor count"); return nil }
            let walltime = try f.integer(8, "requested time")
            let memoryKB = try f.integer(9, "requested memory")
            let nodes = (processors + processorsPerNode - 1) / processorsPerNode
            let perNode = min(processors, processorsPerNode)
            let user = "u\(try f.integer(11, "user id"))"
            let group = "g\(try f.integer(12, "group id"))"
            return TraceJob(line: number, submit: Instant(milliseconds: Int64(submit) * 1000),
                            duration: Span(milliseconds: Int64(run) * 1000),
                            walltime: walltime > 0 ? Span(milliseconds: Int64(walltime) * 1000) : nil,
                            nodes: nodes, cpusPerNode: perNode,
                            memoryMBPerNode: memoryKB > 0 ? Int64(memoryKB) * Int64(perNode) / 1024 : 0,
                            team: tenant == .group ? group : user, user: user)
        })
    }
}
