import Testing
@testable import SchedulerCore

@Suite("Charging: billing weights, QoS multipliers, the charge meter")
struct ChargingTests {
    static let weights = BillingWeights(perGPU: 1, perGPUModel: ["h100": 1.0, "a100": 0.5, "h100 nvl": 1.25],
                                        perCPU: 0.01, perGiB: 0.005)

    struct ChargeCase: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var job: ChargeableJob
        var hours: Double
        var gpuHours: Double
    }

    @Test(arguments: [
        ChargeCase(testDescription: "1 GPU of unknown model for 1 h", job: FS.job(1, gpus: 1), hours: 1, gpuHours: 1),
        ChargeCase(testDescription: "8 H100 for 30 min", job: FS.job(1, gpus: 8, model: "NVIDIA H100 80GB HBM3"),
                   hours: 0.5, gpuHours: 4),
        ChargeCase(testDescription: "4 A100 for 2 h at half weight", job: FS.job(1, gpus: 4, model: "A100-SXM4-80GB"),
                   hours: 2, gpuHours: 4),
        ChargeCase(testDescription: "the more specific model pattern wins", job: FS.job(1, gpus: 4, model: "H100 NVL"),
                   hours: 1, gpuHours: 5),
        ChargeCase(testDescription: "CPU-only: 32 cores for 1 h", job: FS.job(1, gpus: 0, cpus: 32), hours: 1, gpuHours: 0.32),
        ChargeCase(testDescription: "memory: 64 GiB for 1 h", job: FS.job(1, gpus: 0, memoryMB: 65_536), hours: 1,
                   gpuHours: 0.32),
        ChargeCase(testDescription: "everything: 2 A100 + 16 cores + 128 GiB for 3 h",
                   job: FS.job(1, gpus: 2, model: "a100", cpus: 16, memoryMB: 131_072), hours: 3,
                   gpuHours: 3 * (2 * 0.5 + 16 * 0.01 + 128 * 0.005)),
        ChargeCase(testDescription: "high costs double", job: FS.job(1, qos: .high, gpus: 2), hours: 1, gpuHours: 4),
        ChargeCase(testDescription: "scavenger is free", job: FS.job(1, qos: .scavenger, gpus: 8), hours: 5, gpuHours: 0),
    ])
    func chargeIsRateTimesMultiplierTimesHours(_ c: ChargeCase) throws {
        let charger = Charger(weights: Self.weights)
        let charge = try #require(charger.charge(c.job, from: FS.at(hours: 10), to: FS.at(hours: 10 + c.hours)))
        #expect(approximately(charge.gpuHours, c.gpuHours), "\(charge.gpuHours) ≠ \(c.gpuHours)")
        #expect(charge.job == c.job.id && charge.project == c.job.project && charge.user == c.job.user)
        #expect(charge.from == FS.at(hours: 10) && charge.to == FS.at(hours: 10 + c.hours))
        #expect(charge.multiplier == QoSTable.standard[c.job.qos].chargeMultiplier)
        #expect(charge.countsAgainstBudget == (c.job.qos != .scavenger))
        #expect(approximately(charger.cost(of: c.job.resources, qos: c.job.qos, over: FS.hours(c.hours)), c.gpuHours))
    }

    @Test func emptyOrBackwardIntervalIsNotCharged() {
        let charger = Charger()
        #expect(charger.charge(FS.job(1), from: FS.at(hours: 1), to: FS.at(hours: 1)) == nil)
        #expect(charger.charge(FS.job(1), from: FS.at(hours: 2), to: FS.at(hours: 1)) == nil)
    }

    @Test func adjacentChargesAddUpToTheWhole() throws {
        let charger = Charger(weights: Self.weights)
        let job = FS.job(1, gpus: 3, model: "a100", cpus: 7, memoryMB: 10_000)
        let whole = try #require(charger.charge(job, from: .zero, to: FS.at(hours: 1)))
        var sum = 0.0
        for minute in 0..<60 {
            let from = Instant(milliseconds: Int64(minute) * 60_000)
            sum += try #require(charger.charge(job, from: from, to: from + .minutes(1))).gpuHours
        }
        #expect(approximately(sum, whole.gpuHours, 1e-12))
    }

    @Test func meterChargesEveryMillisecondOnce() throws {
        var meter = ChargeMeter()
        let charger = Charger()
        let early = FS.job(1, gpus: 2, startedAt: .zero)
        let late = FS.job(2, gpus: 1, startedAt: Instant(milliseconds: 90_000))

        let first = meter.tick(running: [early], at: .zero + .minutes(1), charger: charger)
        #expect(first.map(\.from) == [.zero])
        let second = meter.tick(running: [late, early], at: .zero + .minutes(2), charger: charger)
        #expect(second.map(\.job) == [JobID(1), JobID(2)])  // job-id order, whatever the input order
        #expect(second.map(\.from) == [.zero + .minutes(1), Instant(milliseconds: 90_000)])
        #expect(meter.tick(running: [early, late], at: .zero + .minutes(2), charger: charger).isEmpty)  // same tick again

        let end = Instant(milliseconds: 150_000)
        let ended = meter.jobEnded(early, at: end, charger: charger)
        let last = try #require(ended)
        #expect(last.from == .zero + .minutes(2) && last.to == end)
        #expect(meter.chargedUntil[JobID(1)] == nil)

        let total = (first + second + [last]).filter { $0.job == JobID(1) }.reduce(0) { $0 + $1.gpuHours }
        #expect(approximately(total, 2 * 150.0 / 3600))
    }

    @Test func jobEndingBeforeItsFirstTickIsChargedFromItsStart() throws {
        var meter = ChargeMeter()
        let job = FS.job(7, gpus: 4, startedAt: FS.at(hours: 1))
        let ended = meter.jobEnded(job, at: FS.at(hours: 1.5), charger: Charger())
        let charge = try #require(ended)
        #expect(charge.from == FS.at(hours: 1) && approximately(charge.gpuHours, 2))
    }

    @Test(arguments: [(0, 60_000), (1, 60_000), (59_999, 60_000), (60_000, 120_000), (-1, 0), (-60_000, 0)] as [(Int64, Int64)])
    func ticksFallOnTheGrid(_ now: Int64, _ next: Int64) {
        #expect(ChargeMeter.nextTick(after: Instant(milliseconds: now), interval: .minutes(1)) == Instant(milliseconds: next))
    }

    @Test func resourcesFromARequestSumOverNodes() {
        let request = ResourceRequest(nodes: 2, cpusPerNode: 16, gpusPerNode: 4, gpuModel: "h100")
        let resources = ChargeableResources(request: request, defaultMemoryMBPerCPU: 1024)
        #expect(resources == ChargeableResources(gpus: 8, gpuModel: "h100", cpus: 32, memoryMB: 32_768))
        let explicit = ChargeableResources(request: ResourceRequest(cpusPerNode: 4, memoryMBPerNode: 500),
                                           defaultMemoryMBPerCPU: 1024)
        #expect(explicit.memoryMB == 500)
    }

    @Test(arguments: [
        ("h100", "NVIDIA H100 80GB HBM3", true), ("H100", "h100-sxm5-80gb", true), ("a10", "NVIDIA A100-SXM4-80GB", false),
        ("A100 SXM4", "NVIDIA A100-SXM4-80GB", true), ("sxm4 a100", "NVIDIA A100-SXM4-80GB", false), ("", "A100", false),
        ("l40s", "NVIDIA L40S", true), ("h100 nvl", "H100", false),
    ])
    func gpuModelNamesMatchByWords(_ pattern: String, _ model: String, _ matches: Bool) {
        #expect(GPUModelName.matches(pattern, model) == matches)
    }
}
