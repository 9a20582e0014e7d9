import SchedulerProtocol

/// The stable JSON shape of a usage series (`usage/series`): budget-counted GPU-hours per project and step, the steps
/// starting at `from` every `stepSeconds`, the last cut at `to`.
public struct UsageSeriesJSON: Encodable {
    public struct Line: Encodable {
        public let project: String
        public let gpuHours: [Double]
    }

    public let from: String?
    public let to: String?
    public let stepSeconds: Int64
    public let projects: [Line]

    public init(_ s: UsageSeries) {
        from = JobJSON.time(s.fromMs)
        to = JobJSON.time(s.toMs)
        stepSeconds = s.stepMs / 1000
        projects = s.lines.map { Line(project: $0.project, gpuHours: $0.milliGpuHours.map { Double($0) / 1000 }) }
    }

    enum CodingKeys: String, CodingKey { case from, to, stepSeconds, projects }

    /// Absent times are null, never left out.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(stepSeconds, forKey: .stepSeconds)
        try c.encode(projects, forKey: .projects)
    }
}
