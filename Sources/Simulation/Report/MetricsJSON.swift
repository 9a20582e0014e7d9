/// `schedd simulate --json`: one object per policy under `policies`, fields in a fixed order, numbers with six
/// decimals, so two runs with the same inputs and seed give the same bytes.
public enum MetricsJSON {
    public static func render(_ runs: [SimulationMetrics], context: [(String, String)] = []) -> String {
        let header = context.map { ($0.0, JSONValue.string($0.1)) }
        return JSONValue.object(header + [("policies", .array(runs.map(object)))]).rendered() + "\n"
    }

    static func object(_ m: SimulationMetrics) -> JSONValue {
        .object([
            ("policy", .string(m.policy.rawValue)),
            ("jobs", .integer(m.jobs)), ("finished", .integer(m.finished)),
            ("neverStarted", .integer(m.neverStarted)), ("rejected", .integer(m.rejected)),
            ("timedOut", .integer(m.timedOut)),
            ("completionTime", summary(m.completionTime)), ("queueingDelay", summary(m.queueingDelay)),
            ("boundedSlowdown", summary(m.boundedSlowdown)),
            ("gpuUtilisation", m.gpuUtilisation.map(JSONValue.number) ?? .null),
            ("cpuUtilisation", .number(m.cpuUtilisation)),
            ("utilisationWindow", .object([("kind", .string(m.window.rawValue)), ("start", .number(m.windowStart)),
                                           ("end", .number(m.windowEnd))])),
            ("waitingOver24h", .number(m.waitingOver24h)), ("makespan", .number(m.makespan)),
            ("jainIndex", .number(m.jainIndex)),
            ("projects", .array(m.projects.map(project))),
            ("startEstimates", .object([
                ("estimated", .integer(m.estimates.estimated)), ("held", .number(m.estimates.held)),
                ("heldWithinTolerance", .number(m.estimates.heldWithinTolerance)),
                ("toleranceSeconds", .number(EstimateAccuracy.tolerance)),
                ("error", summary(m.estimates.error)), ("lateness", summary(m.estimates.lateness)),
            ])),
            ("handleCalls", .integer(m.handleCalls)),
        ])
    }

    static func summary(_ s: Summary) -> JSONValue {
        .object([("count", .integer(s.count)), ("mean", .number(s.mean)), ("median", .number(s.median)),
                 ("p95", .number(s.p95)), ("p99", .number(s.p99)), ("max", .number(s.max))])
    }

    static func project(_ p: ProjectMetrics) -> JSONValue {
        .object([("name", .string(p.name)), ("jobs", .integer(p.jobs)), ("share", .number(p.share)),
                 ("usage", .number(p.usage)), ("attainment", .number(p.attainment)), ("meanWait", .number(p.meanWait))])
    }
}
