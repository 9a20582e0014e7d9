/// A pure trace parser: the shell reads (and gunzips) the file and hands over its text.
public protocol TraceReader: Sendable {
    func read(_ text: String) throws(TraceError) -> TraceReadResult
}

/// The trace formats the simulator understands (`schedd simulate --format`).
public enum TraceFormat: String, CaseIterable, Sendable {
    /// Alibaba GPU cluster trace v2023 (`openb_pod_list_*.csv`).
    case alibaba2023 = "alibaba-gpu-2023"
    /// Microsoft Philly per-VC arrivals (`philly_vc_jobs_seed0.csv`) with run times drawn from a distribution.
    case philly
    /// Standard Workload Format of the Parallel Workloads Archive.
    case swf
    /// aisched's own accounting export (`CSVTraceReader`).
    case csv
}
