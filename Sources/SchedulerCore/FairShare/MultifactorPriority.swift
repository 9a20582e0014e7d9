/// A pending job's priority: an explicit weighted sum of named factors, each in [0, 1] (Slurm's priority/multifactor
/// without its globals; docs/FAIRSHARE.md §8):
///
///     priority = W_fs × fairShare + W_age × age + W_size × size + W_qos × qos
///
///     fairShare = the Fair Tree factor of (project, user)                          (FairShareTree)
///     age       = min(1, (now − eligibleSince) / maxAge)
///     size      = min(1, GPUs / cluster GPUs), or CPUs / cluster CPUs for a job without GPUs
///     qos       = the QoS's `priority`                                             (QoSPolicy)
///
/// Jobs are ordered by priority, highest first; at equal priority the earlier submission goes first, then the lower
/// job id, so the order is total and the same on every replay (`PriorityBreakdown.runsBefore`).
public struct MultifactorPriority: Hashable, Sendable {
    public var weights: PriorityWeights
    /// A job reaches the full age factor after waiting this long.
    public var maxAge: Span
    /// The cluster's size, to normalise job size.
    public var clusterGPUs: Int
    public var clusterCPUs: Int
    public var qos: QoSTable

    public init(weights: PriorityWeights = PriorityWeights(), maxAge: Span = Span.minutes(7 * 24 * 60),
                clusterGPUs: Int, clusterCPUs: Int, qos: QoSTable = .standard) {
        self.weights = weights
        self.maxAge = maxAge
        self.clusterGPUs = clusterGPUs
        self.clusterCPUs = clusterCPUs
        self.qos = qos
    }

    /// Every factor and term of `job`'s priority at `now`: the priority itself is `total`.
    public func breakdown(_ job: PriorityInput, at now: Instant) -> PriorityBreakdown {
        let waited = max((now - job.eligibleSince).milliseconds, 0)
        let age = maxAge.milliseconds > 0 ? min(1, Double(waited) / Double(maxAge.milliseconds)) : 1
        let size: Double
        if job.gpus > 0 {
            size = clusterGPUs > 0 ? min(1, Double(job.gpus) / Double(clusterGPUs)) : 1
        } else {
            size = clusterCPUs > 0 ? min(1, Double(job.cpus) / Double(clusterCPUs)) : 0
        }
        let factors = PriorityFactors(fairShare: min(max(job.fairShare, 0), 1), age: age, size: size,
                                      qos: min(max(qos[job.qos].priority, 0), 1))
        var breakdown = PriorityBreakdown(job: job.job, submitTime: job.submitTime, factors: factors, weights: weights)
        breakdown.nice = job.nice
        return breakdown
    }
}

/// The weights of the factors (configuration). Only their ratios matter; the defaults make fair share dominate, QoS
/// lift `high` over a fair-share rank or two, and age end starvation within a week.
public struct PriorityWeights: Hashable, Sendable, Codable {
    public var fairShare: Double
    public var age: Double
    public var size: Double
    public var qos: Double

    public init(fairShare: Double = 10_000, age: Double = 1_000, size: Double = 500, qos: Double = 2_000) {
        self.fairShare = fairShare
        self.age = age
        self.size = size
        self.qos = qos
    }

    private enum CodingKeys: String, CodingKey { case fairShare, age, size, qos }

    /// Weights a configuration leaves out take the defaults of `init`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = PriorityWeights()
        self.init(fairShare: try c.decodeIfPresent(Double.self, forKey: .fairShare) ?? defaults.fairShare,
                  age: try c.decodeIfPresent(Double.self, forKey: .age) ?? defaults.age,
                  size: try c.decodeIfPresent(Double.self, forKey: .size) ?? defaults.size,
                  qos: try c.decodeIfPresent(Double.self, forKey: .qos) ?? defaults.qos)
    }
}

/// What the priority of one pending job depends on.
public struct PriorityInput: Hashable, Sendable, Codable {
    public var job: JobID
    public var submitTime: Instant
    /// Since when it could have run: the submit time, or its release from hold, or its begin time. Age counts from
    /// here, so holding a job does not bank priority.
    public var eligibleSince: Instant
    public var qos: QoS
    /// GPUs and CPUs over all its nodes.
    public var gpus: Int
    public var cpus: Int
    /// Its (project, user)'s Fair Tree factor.
    public var fairShare: Double
    /// `--nice`: subtracted from the sum, as in Slurm.
    public var nice: Int = 0

    public init(job: JobID, submitTime: Instant, eligibleSince: Instant? = nil, qos: QoS = .normal, gpus: Int,
                cpus: Int = 1, fairShare: Double, nice: Int = 0) {
        self.nice = nice
        self.job = job
        self.submitTime = submitTime
        self.eligibleSince = eligibleSince ?? submitTime
        self.qos = qos
        self.gpus = gpus
        self.cpus = cpus
        self.fairShare = fairShare
    }
}

/// The factors, each in [0, 1].
public struct PriorityFactors: Hashable, Sendable, Codable {
    public var fairShare: Double
    public var age: Double
    public var size: Double
    public var qos: Double

    public init(fairShare: Double, age: Double, size: Double, qos: Double) {
        self.fairShare = fairShare
        self.age = age
        self.size = size
        self.qos = qos
    }
}

/// One job's priority, term by term: what `aisubmit priority JOB` prints.
public struct PriorityBreakdown: Hashable, Sendable, Codable {
    public var job: JobID
    public var submitTime: Instant
    public var factors: PriorityFactors
    public var weights: PriorityWeights
    /// The job's `--nice`, subtracted from the weighted sum.
    public var nice: Int = 0

    public init(job: JobID, submitTime: Instant, factors: PriorityFactors, weights: PriorityWeights) {
        self.job = job
        self.submitTime = submitTime
        self.factors = factors
        self.weights = weights
    }

    /// Each weighted term, in the order of the formula.
    public var terms: [(name: String, factor: Double, weight: Double, value: Double)] {
        [("fairshare", factors.fairShare, weights.fairShare, weights.fairShare * factors.fairShare),
         ("age", factors.age, weights.age, weights.age * factors.age),
         ("size", factors.size, weights.size, weights.size * factors.size),
         ("qos", factors.qos, weights.qos, weights.qos * factors.qos)]
    }

    /// The priority: the sum of the terms, added in the order of the formula (so always the same bits).
    public var total: Double {
        weights.fairShare * factors.fairShare + weights.age * factors.age + weights.size * factors.size
            + weights.qos * factors.qos - Double(nice)
    }

    /// The queue order: higher total first, then earlier submission, then lower id.
    public static func runsBefore(_ a: PriorityBreakdown, _ b: PriorityBreakdown) -> Bool {
        let (ta, tb) = (a.total, b.total)
        if ta != tb { return ta > tb }
        if a.submitTime != b.submitTime { return a.submitTime < b.submitTime }
        return a.job < b.job
    }
}
