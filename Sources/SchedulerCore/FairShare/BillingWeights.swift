/// What an hour of each resource costs in GPU-hour-equivalents (docs/FAIRSHARE.md §4): Slurm's TRESBillingWeights,
/// summed. Budgets are written in GPU-hours, so one default GPU costs 1 per hour and everything else is priced
/// relative to it.
public struct BillingWeights: Hashable, Sendable, Codable {
    /// An hour of one GPU of a model without an override.
    public var perGPU: Double
    /// Overrides by GPU model (e.g. "h100": 1.0, "a100": 0.6), matched with `GPUModelName`; the most specific
    /// matching pattern wins, then the alphabetically first.
    public var perGPUModel: [String: Double]
    /// An hour of one CPU core.
    public var perCPU: Double
    /// An hour of one GiB of memory.
    public var perGiB: Double

    public init(perGPU: Double = 1, perGPUModel: [String: Double] = [:], perCPU: Double = 0, perGiB: Double = 0) {
        self.perGPU = perGPU
        self.perGPUModel = perGPUModel
        self.perCPU = perCPU
        self.perGiB = perGiB
    }

    /// GPUs only, at 1 per GPU-hour: the default, since budgets are GPU-hours and CPU-only work is not rationed.
    public static let gpuOnly = BillingWeights()

    /// The weight of one GPU of `model` (nil: the node's model is not known, so the default weight).
    public func gpuWeight(model: String?) -> Double {
        guard let model else { return perGPU }
        var best: (specificity: Int, pattern: String, weight: Double)?
        for (pattern, weight) in perGPUModel {
            guard let specificity = GPUModelName.specificity(pattern, model) else { continue }
            if let current = best,
               current.specificity > specificity || (current.specificity == specificity && current.pattern < pattern) {
                continue
            }
            best = (specificity, pattern, weight)
        }
        return best?.weight ?? perGPU
    }

    /// GPU-hour-equivalents per hour of holding `resources`, before the QoS multiplier.
    public func rate(of resources: ChargeableResources) -> Double {
        Double(resources.gpus) * gpuWeight(model: resources.gpuModel)
            + Double(resources.cpus) * perCPU
            + Double(resources.memoryMB) / 1024 * perGiB
    }

    private enum CodingKeys: String, CodingKey { case perGPU, perGPUModel, perCPU, perGiB }

    /// Weights a configuration leaves out take the defaults of `init`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(perGPU: try c.decodeIfPresent(Double.self, forKey: .perGPU) ?? 1,
                  perGPUModel: try c.decodeIfPresent([String: Double].self, forKey: .perGPUModel) ?? [:],
                  perCPU: try c.decodeIfPresent(Double.self, forKey: .perCPU) ?? 0,
                  perGiB: try c.decodeIfPresent(Double.self, forKey: .perGiB) ?? 0)
    }
}
