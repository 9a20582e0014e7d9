import Testing
@testable import SchedulerCore

/// Done-criterion 1 of the fair-share issue, without the engine: two projects with shares 2:1 and endless demand on
/// a saturated pool receive GPU-hours within 5% of 2:1. A discrete-time loop stands in for the engine, using the
/// same building blocks it will: the charge meter and the book (charged every minute, with decay), Fair Tree, and
/// multifactor priority. The lead repeats this through the real engine.
@Suite("Fair share converges: shares 2:1 under saturating demand give 2:1 GPU-hours")
struct FairShareConvergenceTests {
    struct Outcome: Equatable {
        /// GPU-hours charged in the measured window, per project.
        var alpha: Double
        var beta: Double
        var ratio: Double { alpha / beta }
    }

    struct Waiting {
        var job: ChargeableJob
        var submitTime: Instant
        var minutes: Int64
    }

    struct Running {
        var job: ChargeableJob
        var end: Instant
    }

    /// alpha (2 shares: ann, amy) and beta (1 share: ben) under one scheme; 24 GPUs; every job takes 1 GPU for
    /// 30–120 minutes (seeded); each project always has 30 jobs waiting. Each minute: end the jobs that are due,
    /// charge the running ones, then start waiting jobs in multifactor-priority order while GPUs are free.
    ///
    /// Jobs of one user differ only in age (same fair share, QoS and size), so the best of a user's waiting jobs is
    /// always their oldest: each pick compares the heads of the users' FIFO queues, which is the full priority order
    /// at a fraction of the cost.
    static func simulate(seed: UInt64, days: Int, warmUpDays: Int, halfLife: Span) -> Outcome {
        let accounts = AccountRegistry(
            schemes: [FundingScheme(name: "aisp")],
            projects: [Project(name: "alpha", scheme: "aisp", shares: 2, members: ["ann", "amy"]),
                       Project(name: "beta", scheme: "aisp", shares: 1, members: ["ben"])])
        let policy = AccountingPolicy(usageHalfLife: halfLife)
        let priority = MultifactorPriority(weights: policy.priorityWeights, maxAge: policy.maxAge, clusterGPUs: 24,
                                           clusterCPUs: 24 * 8)
        let users = [UsageKey(project: "alpha", user: "ann"), UsageKey(project: "alpha", user: "amy"),
                     UsageKey(project: "beta", user: "ben")]
        var rng = SplitMix64(seed: seed)
        var book = AccountingBook(policy: policy)
        var nextID: UInt64 = 1
        var queues: [UsageKey: [Waiting]] = [:]
        var submitted = ["alpha": 0, "beta": 0]
        var running: [Running] = []
        var outcome = Outcome(alpha: 0, beta: 0)
        let windowStart = FS.at(days: Double(warmUpDays))

        func waiting(_ project: String) -> Int {
            users.filter { $0.project == project }.reduce(0) { $0 + (queues[$1]?.count ?? 0) }
        }

        func submit(_ project: String, at now: Instant) {
            let members = users.filter { $0.project == project }
            let key = members[submitted[project]! % members.count]
            submitted[project]! += 1
            let job = ChargeableJob(id: JobID(nextID), project: project, user: key.user, qos: .normal,
                                    resources: ChargeableResources(gpus: 1, cpus: 8), startedAt: now)
            nextID += 1
            queues[key, default: []].append(Waiting(job: job, submitTime: now, minutes: Int64(rng.int(in: 30...120))))
        }

        // Ledger rows are extended in place (one per job per hour): what a row adds is its growth since last written.
        var written: [String: (to: Instant, gpuHours: Double)] = [:]
        func count(_ row: UsageCharge) {
            let key = "\(row.job)@\(row.from.milliseconds)"
            let before = written[key] ?? (row.from, 0)
            written[key] = (row.to, row.gpuHours)
            guard before.to >= windowStart else { return }
            let added = row.gpuHours - before.gpuHours
            if row.project == "alpha" { outcome.alpha += added } else { outcome.beta += added }
        }

        for minute in 0...Int64(days * 24 * 60) {
            let now = Instant(milliseconds: minute * 60_000)
            // 1. Jobs that are due end, and are charged up to their end.
            for finished in running where finished.end <= now {
                if let charge = book.jobEnded(finished.job, at: finished.end, accounts: accounts) { count(charge) }
            }
            running.removeAll { $0.end <= now }
            // 2. The accounting tick charges the rest as they run.
            book.tick(running: running.map(\.job), at: now, accounts: accounts).forEach(count)
            // 3. Endless demand: each project keeps 30 jobs waiting.
            for project in ["alpha", "beta"] {
                while waiting(project) < 30 { submit(project, at: now) }
            }
            // 4. Start the highest-priority waiting jobs while GPUs are free.
            guard running.count < 24 else { continue }
            let fairShare = book.fairShare(accounts: accounts, at: now)
            while running.count < 24 {
                let heads = users.compactMap { key -> (UsageKey, PriorityBreakdown)? in
                    guard let head = queues[key]?.first else { return nil }
                    let input = PriorityInput(job: head.job.id, submitTime: head.submitTime, gpus: 1, cpus: 8,
                                              fairShare: fairShare.factor(for: key) ?? 1)
                    return (key, priority.breakdown(input, at: now))
                }
                guard let best = heads.min(by: { PriorityBreakdown.runsBefore($0.1, $1.1) }) else { break }
                var next = queues[best.0]!.removeFirst()
                next.job.startedAt = now
                running.append(Running(job: next.job, end: now + .minutes(next.minutes)))
            }
        }
        return outcome
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func twoToOneSharesGiveTwoToOneGPUHours(seed: UInt64) {
        let outcome = Self.simulate(seed: seed, days: 10, warmUpDays: 2, halfLife: FS.days(1))
        print("fair-share convergence, seed \(seed): alpha \(outcome.alpha) GPU-h, beta \(outcome.beta) GPU-h, "
              + "ratio \(outcome.ratio)")
        // Saturated: 24 GPUs × 8 days, all charged (nothing idles).
        #expect(approximately(outcome.alpha + outcome.beta, 24 * 8 * 24, 0.001))
        #expect(abs(outcome.ratio - 2) / 2 <= 0.05, "ratio \(outcome.ratio)")
    }

    @Test func theSameSeedGivesTheSameRun() {
        let first = Self.simulate(seed: 7, days: 1, warmUpDays: 0, halfLife: FS.hours(6))
        let second = Self.simulate(seed: 7, days: 1, warmUpDays: 0, halfLife: FS.hours(6))
        #expect(first == second)
    }
}
