import Testing
@testable import SchedulerCore

@Suite("Multifactor priority: factors, weights, breakdown, tie rule")
struct MultifactorPriorityTests {
    static let priority = MultifactorPriority(maxAge: FS.days(7), clusterGPUs: 64, clusterCPUs: 1024)

    struct Case: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var input: PriorityInput
        var now: Instant
        var factors: PriorityFactors
        var total: Double
    }

    @Test(arguments: [
        // 10000·0.5 + 1000·0.5 + 500·(8/64) + 2000·0.5 = 5000 + 500 + 62.5 + 1000
        Case(testDescription: "every factor at work",
             input: PriorityInput(job: JobID(1), submitTime: .zero, gpus: 8, fairShare: 0.5), now: FS.at(days: 3.5),
             factors: PriorityFactors(fairShare: 0.5, age: 0.5, size: 0.125, qos: 0.5), total: 6562.5),
        Case(testDescription: "age is capped at max age",
             input: PriorityInput(job: JobID(1), submitTime: .zero, gpus: 64, fairShare: 1), now: FS.at(days: 30),
             factors: PriorityFactors(fairShare: 1, age: 1, size: 1, qos: 0.5), total: 12_500),
        Case(testDescription: "age counts from eligibility (a held job banks nothing)",
             input: PriorityInput(job: JobID(1), submitTime: .zero, eligibleSince: FS.at(days: 7), gpus: 1, fairShare: 0),
             now: FS.at(days: 7),
             factors: PriorityFactors(fairShare: 0, age: 0, size: 1.0 / 64, qos: 0.5), total: 500 / 64.0 + 1000),
        Case(testDescription: "a CPU-only job is sized by CPUs",
             input: PriorityInput(job: JobID(1), submitTime: .zero, gpus: 0, cpus: 256, fairShare: 0.25), now: .zero,
             factors: PriorityFactors(fairShare: 0.25, age: 0, size: 0.25, qos: 0.5), total: 2500 + 125 + 1000),
        Case(testDescription: "high QoS",
             input: PriorityInput(job: JobID(1), submitTime: .zero, qos: .high, gpus: 128, fairShare: 0.75), now: .zero,
             factors: PriorityFactors(fairShare: 0.75, age: 0, size: 1, qos: 1), total: 7500 + 500 + 2000),
        Case(testDescription: "scavenger",
             input: PriorityInput(job: JobID(1), submitTime: .zero, qos: .scavenger, gpus: 0, cpus: 0, fairShare: 1),
             now: .zero, factors: PriorityFactors(fairShare: 1, age: 0, size: 0, qos: 0), total: 10_000),
    ])
    func breakdown(_ c: Case) {
        let breakdown = Self.priority.breakdown(c.input, at: c.now)
        #expect(breakdown.factors == c.factors)
        #expect(approximately(breakdown.total, c.total), "\(breakdown.total)")
        #expect(breakdown.terms.map(\.name) == ["fairshare", "age", "size", "qos"])
        #expect(approximately(breakdown.terms.reduce(0) { $0 + $1.value }, breakdown.total))
    }

    @Test func orderIsPriorityThenSubmitTimeThenID() {
        func job(_ id: UInt64, submitted: Double, fairShare: Double) -> PriorityBreakdown {
            Self.priority.breakdown(PriorityInput(job: JobID(id), submitTime: FS.at(hours: submitted), gpus: 1,
                                                  fairShare: fairShare), at: FS.at(hours: 10))
        }
        // Same priority: ages equal only when submit times are, so ties come from the same submit instant or from
        // weights that hide the difference.
        let jobs = [job(5, submitted: 1, fairShare: 0.5), job(3, submitted: 1, fairShare: 0.5),
                    job(9, submitted: 2, fairShare: 1), job(1, submitted: 3, fairShare: 0.25)]
        #expect(jobs.sorted(by: PriorityBreakdown.runsBefore).map(\.job) == [JobID(9), JobID(3), JobID(5), JobID(1)])

        let flat = MultifactorPriority(weights: PriorityWeights(fairShare: 1, age: 0, size: 0, qos: 0), clusterGPUs: 8,
                                       clusterCPUs: 8)
        let tied = [(7, 2.0), (4, 1.0), (2, 1.0)].map { id, hour in
            flat.breakdown(PriorityInput(job: JobID(UInt64(id)), submitTime: FS.at(hours: hour), gpus: 1, fairShare: 1),
                           at: FS.at(hours: 5))
        }
        #expect(tied.sorted(by: PriorityBreakdown.runsBefore).map(\.job) == [JobID(2), JobID(4), JobID(7)])
    }
}
