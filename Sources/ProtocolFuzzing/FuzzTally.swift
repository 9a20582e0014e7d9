import SchedulerProtocol

/// What a fuzz run fed the decoders and what they made of it. A healthy run has no `unstable` payload and no
/// `overBuffered` input, and reaches every kind of rejection (the tests check both).
public struct FuzzTally: Sendable, Equatable {
    /// Byte streams fed, each as if from a fresh connection.
    public var inputs = 0
    public var bytes = 0
    /// Frames the frame decoder cut out of the streams.
    public var frames = 0
    /// Streams the frame decoder refused (bad magic, version, length, or cut short at the end), by error code.
    public var streamErrors: [String: Int] = [:]
    /// Payloads that decoded as their kind's message and survived re-encoding.
    public var decoded = 0
    /// Payloads refused with a `WireError`, by problem ("truncated", "malformed", "invalidUTF8", …).
    public var rejected: [String: Int] = [:]
    /// Frames of a kind no message is defined for (answered `unexpectedMessage` by a real peer).
    public var unknownKinds = 0
    /// Payloads that decoded but changed when re-encoded: decoder bugs.
    public var unstable = 0
    /// What the first few of them were.
    public var unstableExamples: [String] = []
    /// The most bytes the frame decoder held while waiting for the rest of a frame.
    public var mostBuffered = 0
    /// Inputs for which it held more than a header and a maximum payload: a buffering bug.
    public var overBuffered = 0
    /// Streams refused with something other than a `FrameError`, which a peer could not be told about.
    public var unexpectedErrors = 0

    public init() {}

    /// Frames through the decoders: those cut out plus those refused from their header or cut short.
    public var framesThrough: Int { frames + streamErrors.values.reduce(0, +) }

    public var payloadRejections: Int { rejected.values.reduce(0, +) }

    /// Faults: inputs a decoder mishandled (never a mere rejection of bad input).
    public var faults: Int { unstable + overBuffered + unexpectedErrors }

    public mutating func merge(_ other: FuzzTally) {
        inputs += other.inputs
        bytes += other.bytes
        frames += other.frames
        streamErrors.merge(other.streamErrors, uniquingKeysWith: +)
        decoded += other.decoded
        rejected.merge(other.rejected, uniquingKeysWith: +)
        unknownKinds += other.unknownKinds
        unstable += other.unstable
        unstableExamples += other.unstableExamples.prefix(max(0, 10 - unstableExamples.count))
        mostBuffered = max(mostBuffered, other.mostBuffered)
        overBuffered += other.overBuffered
        unexpectedErrors += other.unexpectedErrors
    }
}

extension WireError.Problem {
    /// The case's name, for tallies.
    var name: String {
        switch self {
        case .truncated: "truncated"
        case .invalidUTF8: "invalidUTF8"
        case .malformed: "malformed"
        case .nestingTooDeep: "nestingTooDeep"
        case .other: "other"
        }
    }
}
