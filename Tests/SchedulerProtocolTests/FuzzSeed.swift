import Foundation

/// The seed of a fuzz test: its own fixed one, so every run makes the same inputs, or the one in AISCHED_FUZZ_SEED
/// to explore further. Every failure names the seed, so a failing run can be repeated exactly.
enum FuzzSeed {
    static func pick(_ fixed: UInt64) -> UInt64 {
        ProcessInfo.processInfo.environment["AISCHED_FUZZ_SEED"].flatMap { UInt64($0) } ?? fixed
    }

    /// What a failure says about how to repeat it.
    static func rerun(_ seed: UInt64) -> String { "seed \(seed); repeat with AISCHED_FUZZ_SEED=\(seed)" }
}
