import SchedulerCore

/// Microsoft Philly (2017) per-VC arrivals as Gavel extracted them (`philly_vc_jobs_seed0.csv`: `vc`,
/// `arrival_time_s`, `num_gpus`, …), with run times drawn from the real Philly distribution.
///
/// Mapping (docs/SIMULATION.md): each VC is a tenant (its own user); arrival times are taken as they are (each VC
/// counts from its own first job, so all VCs start together, as in Gavel); a job of up to 8 GPUs gets one node,
/// a larger one `⌈g/8⌉` nodes with `⌈g/nodes⌉` GPUs each (consolidated, as Helios places them); CPUs are
/// `cpusPerGPU` per GPU (12 = the 96 CPUs of a Helios 8-GPU node). The run time of the i-th job is the i-th draw of
/// a `SplitMix64(seed)` over the distribution, so a seed fixes every duration.
public struct PhillyReader: TraceReader {
    public var runtimes: PhillyRuntimeDistribution
    public var seed: UInt64
    public var cpusPerGPU: Int
    public var gpusPerNode: Int
    public var skipBadLines: Bool

    public init(runtimes: PhillyRuntimeDistribution, seed: UInt64, cpusPerGPU: Int = 12, gpusPerNode: Int = 8,
                skipBadLines: Bool = false) {
        self.runtimes = runtimes
        self.seed = seed
        self.cpusPerGPU = cpusPerGPU
        self.gpusPerNode = gpusPerNode
        self.skipBadLines = skipBadLines
    }

    public func read(_ text: String) throws(TraceError) -> TraceReadResult {
        var generator = SplitMix64(seed: seed)
        let columns = ["vc", "arrival_time_s", "num_gpus"]
        return TraceReadResult(try TraceLineWalker(skipBadLines: skipBadLines).walkCSV(text, columns: columns, in: "Philly trace") {
            f, c, _ throws(TraceError) in
            let vc = try f.text(c[0], "vc")
            guard !vc.isEmpty else { throw f.fail("vc is empty") }
            let arrival = try f.milliseconds(c[1], "arrival_time_s")
            let gpus = try f.integer(c[2], "num_gpus")
            guard gpus >= 1 else { throw f.fail("num_gpus \(gpus) must be at least 1") }
            let nodes = (gpus + gpusPerNode - 1) / gpusPerNode
            let perNode = (gpus + nodes - 1) / nodes
            let seconds = runtimes.sample(using: &generator)
            return TraceJob(line: f.line, submit: Instant(milliseconds: arrival),
                            duration: Span(milliseconds: Int64((seconds * 1000).rounded())), nodes: nodes,
                            cpusPerNode: perNode * cpusPerGPU, gpusPerNode: perNode,
                            team: String(vc), user: String(vc))
        })
    }
}
