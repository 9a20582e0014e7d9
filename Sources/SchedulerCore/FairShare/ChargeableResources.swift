/// What a running job holds, summed over all its nodes: what it is charged for.
///
/// The engine SHOULD build it from the allocation (an exclusive job holds, and pays for, whole nodes; a job that
/// asked for "any" GPU model pays for the model it got). `init(request:defaultMemoryMBPerCPU:)` is for callers that
/// only have the request, e.g. a cost estimate at submit.
public struct ChargeableResources: Hashable, Sendable, Codable {
    public var gpus: Int
    /// The model of those GPUs; nil when unknown (charged at the default GPU weight).
    public var gpuModel: String?
    public var cpus: Int
    public var memoryMB: Int64

    public init(gpus: Int = 0, gpuModel: String? = nil, cpus: Int = 0, memoryMB: Int64 = 0) {
        self.gpus = gpus
        self.gpuModel = gpuModel
        self.cpus = cpus
        self.memoryMB = memoryMB
    }

    /// The request's totals over its nodes; memory 0 means the scheduler's default per CPU, as in placement.
    public init(request: ResourceRequest, defaultMemoryMBPerCPU: Int64) {
        let memoryPerNode = request.memoryMBPerNode > 0
            ? request.memoryMBPerNode : defaultMemoryMBPerCPU * Int64(request.cpusPerNode)
        self.init(gpus: request.nodes * request.gpusPerNode, gpuModel: request.gpuModel,
                  cpus: request.nodes * request.cpusPerNode, memoryMB: Int64(request.nodes) * memoryPerNode)
    }
}
