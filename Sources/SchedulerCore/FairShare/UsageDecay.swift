/// Decayed usage: what fair share compares (docs/FAIRSHARE.md §3).
///
/// A GPU-hour used `t` ago counts `2^(-t / halfLife)` GPU-hours today, so last week's big run fades and a project that
/// was idle gets its share back. This is Slurm's PriorityDecayHalfLife, as a pure function of elapsed time: there is
/// no decay thread, the shell hands in `now`.
public enum UsageDecay {
    /// The weight of usage `elapsed` ago: `2^(-elapsed / halfLife)`, in (0, 1]. A nil half-life means no decay
    /// (usage counts forever, as with Slurm's half-life 0). Negative elapsed time (a clock step back) counts as 0:
    /// usage never grows by decaying.
    public static func factor(elapsed: Span, halfLife: Span?) -> Double {
        guard let halfLife, halfLife.milliseconds > 0, elapsed.milliseconds > 0 else { return 1 }
        return PowerOfTwo.of(-Double(elapsed.milliseconds) / Double(halfLife.milliseconds))
    }

    /// `value` decayed over `elapsed`.
    public static func decayed(_ value: Double, elapsed: Span, halfLife: Span?) -> Double {
        value * factor(elapsed: elapsed, halfLife: halfLife)
    }
}

/// Decayed usage per (project, user), folded from charges.
///
/// The value of a key at `t` is Σ amount_i × 2^(-(t - at_i) / halfLife) over its charges, where `at_i` is the end of
/// the charged interval. Mathematically the order of the charges does not matter; the accumulator keeps every value
/// decayed to `asOf` and:
/// - a charge at or after `asOf` first decays everything to the charge's instant, then adds it;
/// - a charge before `asOf` (several jobs charged at one tick arrive in any order; a late agent report) is added
///   already decayed by `asOf - at`.
/// Feeding charges in time order (as the ledger stores them) therefore gives the same numbers as the live daemon had,
/// up to floating-point rounding, and bit for bit if the order is the same.
public struct DecayedUsage: Hashable, Sendable, Codable {
    public let halfLife: Span?
    /// The instant the stored values are decayed to.
    public private(set) var asOf: Instant
    private var values: [UsageKey: Double]

    public init(halfLife: Span?, asOf: Instant = .zero) {
        self.halfLife = halfLife
        self.asOf = asOf
        self.values = [:]
    }

    /// Adds `amount` GPU-hour-equivalents used by `key`, counted at `instant`.
    public mutating func add(_ amount: Double, for key: UsageKey, at instant: Instant) {
        if instant > asOf { advance(to: instant) }
        let weight = UsageDecay.factor(elapsed: asOf - instant, halfLife: halfLife)
        values[key, default: 0] += amount * weight
    }

    /// Adds a charge or ledger row, counted at the end of its interval (a row's folded charges already decayed to it).
    public mutating func record(_ charge: UsageCharge) {
        add(charge.decayedGPUHours, for: charge.key, at: charge.to)
    }

    /// Decays every value to `instant` (no-op for an earlier instant).
    public mutating func advance(to instant: Instant) {
        guard instant > asOf else { return }
        let weight = UsageDecay.factor(elapsed: instant - asOf, halfLife: halfLife)
        if weight != 1 {
            for key in values.keys { values[key]! *= weight }
        }
        asOf = instant
    }

    /// The decayed usage of `key` at `instant` (≥ `asOf`; earlier instants read as `asOf`).
    public func usage(of key: UsageKey, at instant: Instant) -> Double {
        guard let value = values[key] else { return 0 }
        return value * UsageDecay.factor(elapsed: instant - asOf, halfLife: halfLife)
    }

    /// Every key's decayed usage at `instant`.
    public func usage(at instant: Instant) -> [UsageKey: Double] {
        let weight = UsageDecay.factor(elapsed: instant - asOf, halfLife: halfLife)
        return values.mapValues { $0 * weight }
    }
}
