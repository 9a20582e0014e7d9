/// A point in time as integer milliseconds since the Unix epoch.
///
/// The core never reads a clock: every `Instant` it sees was handed in by a shell (the live daemon's wall clock,
/// the simulator's event time, or a test's manual clock). Integer milliseconds keep replays bit-for-bit exact.
public struct Instant: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    public static let zero = Instant(milliseconds: 0)

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.milliseconds < rhs.milliseconds }

    public static func + (lhs: Instant, rhs: Span) -> Instant { Instant(milliseconds: lhs.milliseconds + rhs.milliseconds) }
    public static func - (lhs: Instant, rhs: Instant) -> Span { Span(milliseconds: lhs.milliseconds - rhs.milliseconds) }

    public var description: String { "@\(milliseconds)ms" }
}

/// A length of time in integer milliseconds (named `Span` to stay clear of the standard library's `Duration`,
/// which carries attoseconds we never need).
public struct Span: Hashable, Comparable, Sendable, Codable {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    // Saturating: a time limit of 2^62 seconds from the wire must not trap the daemon.
    public static func seconds(_ s: Int64) -> Span { Span(milliseconds: saturating(s, 1000)) }
    public static func minutes(_ m: Int64) -> Span { Span(milliseconds: saturating(m, 60_000)) }

    private static func saturating(_ value: Int64, _ factor: Int64) -> Int64 {
        let (product, overflow) = value.multipliedReportingOverflow(by: factor)
        return overflow ? (value < 0 ? .min : .max) : product
    }

    public static func < (lhs: Span, rhs: Span) -> Bool { lhs.milliseconds < rhs.milliseconds }
}
