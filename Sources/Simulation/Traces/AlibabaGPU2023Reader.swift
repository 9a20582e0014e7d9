import SchedulerCore

/// The Alibaba GPU cluster trace v2023 (`openb_pod_list_*.csv`, Weng et al., ATC'23): one Kubernetes pod a line.
///
/// Mapping (docs/SIMULATION.md): submit = `creation_time`; duration = `deletion_time − scheduled_time` (the time the
/// pod held its node in production); CPUs = `cpu_milli` rounded up to whole cores; memory = `memory_mib`; GPUs =
/// `num_gpu`, a fractional GPU (`gpu_milli` < 1000) taking a whole one because the core allocates whole devices;
/// `gpu_spec` (alternatives separated by `|`) → the first model named. The trace has no users or projects, so
/// the QoS class (`LS`, `BE`, `Burstable`, `Guaranteed`) is the tenant label. Pods never scheduled in production
/// have no run time and are excluded (counted).
public struct AlibabaGPU2023Reader: TraceReader {
    public var skipBadLines: Bool

    public init(skipBadLines: Bool = false) { self.skipBadLines = skipBadLines }

    static let columns = ["cpu_milli", "memory_mib", "num_gpu", "gpu_spec", "qos", "creation_time",
                          "deletion_time", "scheduled_time"]

    public func read(_ text: String) throws(TraceError) -> TraceReadResult {
        TraceReadResult(try TraceLineWalker(skipBadLines: skipBadLines).walkCSV(text, columns: Self.columns, in: "Alibaba pod list") {
            f, c, result throws(TraceError) in
            guard !(try f.text(c[7], "scheduled_time")).isEmpty else {
                result.exclude("never scheduled in production (no run time)")
                return nil
            }
            let created = try f.milliseconds(c[5], "creation_time")
            let scheduled = try f.milliseconds(c[7], "scheduled_time")
            let deleted = try f.milliseconds(c[6], "deletion_time")
            guard deleted >= scheduled else {
                throw f.fail("deletion_time is before scheduled_time")
            }
            let gpus = try f.integer(c[2], "num_gpu")
            guard gpus >= 0 else { throw f.fail("num_gpu \(gpus) is negative") }
            let milliCPUs = try f.nonNegative(c[0], "cpu_milli")
            let spec = try f.text(c[3], "gpu_spec")
            return TraceJob(line: f.line, submit: Instant(milliseconds: created),
                            duration: Span(milliseconds: deleted - scheduled),
                            cpusPerNode: max(1, Int((milliCPUs / 1000).rounded(.up))),
                            memoryMBPerNode: Int64(try f.nonNegative(c[1], "memory_mib")), gpusPerNode: gpus,
                            gpuModel: spec.isEmpty ? nil : spec.split(separator: "|").first.map(String.init),
                            team: String(try f.text(c[4], "qos")))
        })
    }
}
