import SchedulerCore
import Testing

@Suite("SplitMix64")
struct SplitMix64Tests {
    @Test func matchesTheReferenceSequence() {
        var rng = SplitMix64(seed: 0)
        #expect([rng.next(), rng.next(), rng.next()] == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
    }

    @Test func sameSeedSameStream() {
        var a = SplitMix64(seed: 42)
        var b = SplitMix64(seed: 42)
        var c = SplitMix64(seed: 43)
        let streamA = (0..<100).map { _ in a.next() }
        #expect(streamA == (0..<100).map { _ in b.next() })
        #expect(streamA != (0..<100).map { _ in c.next() })
    }

    @Test func boundedDrawsStayInRange() {
        var rng = SplitMix64(seed: 7)
        let draws = (0..<1_000).map { _ in rng.int(in: 3...9) }
        #expect(draws.allSatisfy { (3...9).contains($0) })
        #expect(Set(draws) == Set(3...9))
    }
}
