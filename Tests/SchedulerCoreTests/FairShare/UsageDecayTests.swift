import Testing
@testable import SchedulerCore

@Suite("Usage decay: 2^x without libm, half-life decay, the accumulator")
struct UsageDecayTests {
    @Test(arguments: [
        (0.0, 1.0), (1.0, 2.0), (-1.0, 0.5), (10.0, 1024.0), (-3.0, 0.125),
        (0.5, 1.414_213_562_373_095_1), (-0.5, 0.707_106_781_186_547_5), (1.0 / 3.0, 1.259_921_049_894_873_2),
        (-10.25, 0.000_821_187_905_521_205_6), (0.999_999, 1.999_998_613_706_119_2),
    ])
    func powerOfTwoMatchesKnownValues(_ x: Double, _ expected: Double) {
        #expect(approximately(PowerOfTwo.of(x), expected, 4e-16), "2^\(x) = \(PowerOfTwo.of(x)), want \(expected)")
    }

    @Test func powerOfTwoHandlesExtremes() {
        #expect(PowerOfTwo.of(-1200) == 0)
        #expect(PowerOfTwo.of(2000) == .infinity)
        #expect(PowerOfTwo.of(-1074) == Double.leastNonzeroMagnitude)
        #expect(PowerOfTwo.of(.nan).isNaN)
    }

    struct DecayCase: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var elapsed: Span
        var halfLife: Span?
        var factor: Double
    }

    @Test(arguments: [
        DecayCase(testDescription: "no time", elapsed: Span(milliseconds: 0), halfLife: FS.days(7), factor: 1),
        DecayCase(testDescription: "one half-life", elapsed: FS.days(7), halfLife: FS.days(7), factor: 0.5),
        DecayCase(testDescription: "two half-lives", elapsed: FS.days(14), halfLife: FS.days(7), factor: 0.25),
        DecayCase(testDescription: "half a half-life", elapsed: FS.hours(12), halfLife: FS.days(1),
                  factor: 0.707_106_781_186_547_5),
        DecayCase(testDescription: "a minute of a week", elapsed: .minutes(1), halfLife: FS.days(7),
                  factor: 0.999_931_237_762_985),
        DecayCase(testDescription: "no half-life: never decays", elapsed: FS.days(700), halfLife: nil, factor: 1),
        DecayCase(testDescription: "a clock step back does not grow usage", elapsed: FS.hours(-1), halfLife: FS.days(1),
                  factor: 1),
    ])
    func decayFactor(_ c: DecayCase) {
        #expect(approximately(UsageDecay.factor(elapsed: c.elapsed, halfLife: c.halfLife), c.factor, 1e-15))
        #expect(approximately(UsageDecay.decayed(80, elapsed: c.elapsed, halfLife: c.halfLife), 80 * c.factor, 1e-15))
    }

    @Test func accumulatorDecaysAndAdds() {
        var usage = DecayedUsage(halfLife: FS.days(1))
        let alice = FS.key("alice", "llm")
        usage.add(8, for: alice, at: .zero)
        #expect(usage.usage(of: alice, at: FS.at(days: 1)) == 4)
        usage.add(8, for: alice, at: FS.at(days: 1))
        #expect(usage.asOf == FS.at(days: 1))
        #expect(usage.usage(of: alice, at: FS.at(days: 1)) == 12)
        #expect(usage.usage(of: alice, at: FS.at(days: 2)) == 6)
        #expect(usage.usage(of: FS.key("bob", "llm"), at: FS.at(days: 2)) == 0)
    }

    @Test func lateChargeIsAddedAlreadyDecayed() {
        var usage = DecayedUsage(halfLife: FS.days(1))
        let alice = FS.key("alice", "llm")
        usage.add(8, for: alice, at: FS.at(days: 1))
        usage.add(8, for: alice, at: .zero)  // arrives late: counts as 8 used a day before
        #expect(usage.asOf == FS.at(days: 1))
        #expect(usage.usage(of: alice, at: FS.at(days: 1)) == 12)
    }

    @Test func orderOfChargesDoesNotMatter() {
        var charges: [UsageCharge] = []
        for i in 0..<200 {
            let hour = Double(i)
            let user = i % 3 == 0 ? "alice" : "bob"
            charges.append(FS.charge(Double(i % 7) + 0.25, user: user, from: FS.at(hours: hour), to: FS.at(hours: hour + 0.5)))
        }
        var forward = DecayedUsage(halfLife: FS.days(2))
        var backward = DecayedUsage(halfLife: FS.days(2))
        for charge in charges { forward.record(charge) }
        for charge in charges.reversed() { backward.record(charge) }
        let end = FS.at(days: 10)
        for key in [FS.key("alice", "llm"), FS.key("bob", "llm")] {
            #expect(approximately(forward.usage(of: key, at: end), backward.usage(of: key, at: end), 1e-12))
        }
    }

    @Test func minuteByMinuteDecayMatchesOneStep() {
        var stepped = DecayedUsage(halfLife: FS.days(7))
        let alice = FS.key("alice", "llm")
        stepped.add(100, for: alice, at: .zero)
        for minute in 1...(7 * 24 * 60) { stepped.advance(to: Instant(milliseconds: Int64(minute) * 60_000)) }
        #expect(approximately(stepped.usage(of: alice, at: FS.at(days: 7)), 50, 1e-9))
    }
}
