/// One project's service in a replay: what it received against what its shares entitle it to.
public struct ProjectMetrics: Hashable, Sendable {
    public var name: String
    public var jobs: Int
    /// Target fraction of the centre (`TraceAccounts.effectiveShares`).
    public var share: Double
    /// Resource-seconds received by its finished jobs (GPU-seconds, or CPU-seconds on a cluster without GPUs).
    public var usage: Double
    /// (usage / all projects' usage) / share: 1 = exactly its share, 2 = twice.
    public var attainment: Double
    /// Mean queueing delay of its started jobs, seconds.
    public var meanWait: Double
}

/// Share attainment per project and Jain's fairness index over it: J = (Σx)² / (n·Σx²), 1 when every project got
/// the same multiple of its share, 1/n when one got everything.
enum ShareAttainment {
    static func projects(_ outcomes: [JobOutcome], shares: [String: Double], byGPU: Bool) -> [ProjectMetrics] {
        var usage: [String: Double] = [:]
        var jobs: [String: Int] = [:]
        var waits: [String: [Double]] = [:]
        for o in outcomes {
            jobs[o.project, default: 0] += 1
            if let wait = o.queueingDelay { waits[o.project, default: []].append(seconds(wait.milliseconds)) }
            guard let run = o.runTime else { continue }
            usage[o.project, default: 0] += seconds(run.milliseconds) * Double(byGPU ? o.gpus : o.cpus)
        }
        let names = jobs.keys.sorted()
        let total = names.reduce(0) { $0 + (usage[$1] ?? 0) }
        let shareTotal = names.reduce(0) { $0 + (shares[$1] ?? 0) }
        return names.map { name in
            let share = shareTotal > 0 ? (shares[name] ?? 0) / shareTotal : 0
            let received = usage[name] ?? 0
            let attainment = total > 0 && share > 0 ? (received / total) / share : 0
            return ProjectMetrics(name: name, jobs: jobs[name] ?? 0, share: share, usage: received,
                                  attainment: attainment, meanWait: Summary(waits[name] ?? []).mean)
        }
    }

    static func jain(_ values: [Double]) -> Double {
        let sum = values.reduce(0, +)
        let squares = values.reduce(0) { $0 + $1 * $1 }
        return squares > 0 ? sum * sum / (Double(values.count) * squares) : 0
    }

    static func seconds(_ milliseconds: Int64) -> Double { Double(milliseconds) / 1000 }
}
