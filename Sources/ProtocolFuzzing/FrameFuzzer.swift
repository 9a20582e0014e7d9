import NIOCore
import SchedulerProtocol

/// Seeded fuzzing of the frame decoder and of every message decoder behind it, as a peer's bytes reach them: each
/// input is a byte stream from a fresh connection, cut into reads of random sizes, through ``FrameDecoder``; each
/// frame that comes out is decoded as its kind's message (``PayloadCatalog``). The tally says what happened; a fault
/// is a decoder that accepted something it cannot re-encode, or buffered past its limit.
public struct FrameFuzzer: Sendable {
    /// The shapes of hostile input, produced in turn.
    public enum Shape: String, CaseIterable, Sendable {
        /// Random bytes, half of them behind the magic so the header checks are reached.
        case noise
        /// One valid frame with random edits (header or payload).
        case mutatedFrame
        /// Several valid frames back to back, with random edits.
        case mutatedStream
        /// A valid payload under another kind's header: every decoder meets every other message.
        case relabelled
        /// Valid frames cut short, then the end of the stream.
        case truncated
        /// A header announcing more than the maximum payload, then some bytes.
        case oversized
        /// A valid frame of a protocol version this build does not speak.
        case wrongVersion
        /// The same valid frame sent again and again (a replayed request).
        case replayed
    }

    /// Whole frames (header and payload) the inputs are made from.
    public let seeds: [[UInt8]]
    public let maximumPayloadBytes: Int

    /// - Parameter maximumPayloadBytes: the decoder's limit; the default is what schedd allows before `welcome`.
    public init(seeds: [Frame], maximumPayloadBytes: Int = FrameLimit.beforeAuthentication) {
        precondition(!seeds.isEmpty, "the fuzzer needs at least one valid frame to start from")
        self.seeds = seeds.compactMap { try? $0.bytes(maximumPayloadBytes: Int(UInt32.max)) }
        self.maximumPayloadBytes = maximumPayloadBytes
    }

    /// Feeds inputs, each shape in turn, until `frames` frames have gone through the decoders.
    public func run(frames: Int, using rng: inout some RandomNumberGenerator) -> FuzzTally {
        var tally = FuzzTally()
        var round = 0
        while tally.framesThrough < frames {
            feed(input(Shape.allCases[round % Shape.allCases.count], using: &rng), into: &tally, using: &rng)
            round += 1
        }
        return tally
    }

    /// Feeds `count` inputs, each shape in turn.
    public func run(inputs count: Int, using rng: inout some RandomNumberGenerator) -> FuzzTally {
        var tally = FuzzTally()
        for round in 0..<count {
            feed(input(Shape.allCases[round % Shape.allCases.count], using: &rng), into: &tally, using: &rng)
        }
        return tally
    }

    /// One input of the given shape.
    public func input(_ shape: Shape, using rng: inout some RandomNumberGenerator) -> [UInt8] {
        let seed = seeds.randomElement(using: &rng)!
        switch shape {
        case .noise:
            let noise = ByteMutator.random(count: Int.random(in: 0...64, using: &rng), using: &rng)
            return Bool.random(using: &rng) ? [0x41, 0x49, 0x53, 0x44] + noise : noise
        case .mutatedFrame:
            return ByteMutator.mutate(seed, using: &rng)
        case .mutatedStream:
            return ByteMutator.mutate((0..<3).flatMap { _ in seeds.randomElement(using: &rng)! }, using: &rng)
        case .relabelled:
            let kind = PayloadCatalog.entries.randomElement(using: &rng)!.kind
            return Self.rewriting(seed) { $0.kind = kind }
        case .truncated:
            let stream = (0..<Int.random(in: 1...3, using: &rng)).flatMap { _ in seeds.randomElement(using: &rng)! }
            return Array(stream.prefix(Int.random(in: 1..<stream.count, using: &rng)))
        case .oversized:
            let length = UInt32.random(in: UInt32(clamping: maximumPayloadBytes + 1)...UInt32.max, using: &rng)
            let frame = Self.rewriting(seed) { $0.payloadLength = length }
            return Array(frame.prefix(FrameHeader.size + Int.random(in: 0...256, using: &rng)))
        case .wrongVersion:
            var version = UInt16.random(in: .min ... .max, using: &rng)
            while ProtocolVersion.isSupported(version) { version &+= 1 }
            return Self.rewriting(seed) { $0.version = version }
        case .replayed:
            return Array((0..<Int.random(in: 2...8, using: &rng)).map { _ in seed }.joined())
        }
    }

    /// `frame` with its header changed by `edit` (the payload kept as it is).
    static func rewriting(_ frame: [UInt8], _ edit: (inout FrameHeader) -> Void) -> [UInt8] {
        guard var header = FrameHeader.peek(in: ByteBuffer(bytes: frame.prefix(FrameHeader.size))) else { return frame }
        edit(&header)
        var buffer = ByteBuffer()
        header.write(to: &buffer)
        return Array(buffer.readableBytesView) + frame.dropFirst(FrameHeader.size)
    }

    /// Feeds one input to a fresh frame decoder, as reads of 1 to 256 bytes, and every frame's payload to its kind's
    /// decoder; counts what happened in `tally`.
    public func feed(_ input: [UInt8], into tally: inout FuzzTally, using rng: inout some RandomNumberGenerator) {
        tally.inputs += 1
        tally.bytes += input.count
        let processor = NIOSingleStepByteToMessageProcessor(FrameDecoder(maximumPayloadBytes: maximumPayloadBytes))
        // A decoder never needs to hold more than one header and one maximum payload: past that it must have
        // produced the frame or refused it.
        let bound = FrameHeader.size + maximumPayloadBytes
        var overBuffered = false
        var rest = input[...]
        do {
            while !rest.isEmpty {
                let size = Int.random(in: 1...256, using: &rng)
                try processor.process(buffer: ByteBuffer(bytes: rest.prefix(size))) { frame in
                    Self.decodePayload(frame, into: &tally)
                }
                rest = rest.dropFirst(size)
                tally.mostBuffered = max(tally.mostBuffered, processor.unprocessedBytes)
                if processor.unprocessedBytes >= bound { overBuffered = true }
            }
            try processor.finishProcessing(seenEOF: true) { frame in Self.decodePayload(frame, into: &tally) }
        } catch let error as FrameError {
            tally.streamErrors["\(error.errorReply.code)", default: 0] += 1
        } catch {
            tally.unexpectedErrors += 1
        }
        if overBuffered { tally.overBuffered += 1 }
    }

    static func decodePayload(_ frame: Frame, into tally: inout FuzzTally) {
        tally.frames += 1
        guard let entry = PayloadCatalog.entry(for: frame.kind) else {
            tally.unknownKinds += 1
            return
        }
        switch entry.check(frame.payload) {
        case .decoded:
            tally.decoded += 1
        case .rejected(let error):
            tally.rejected[error.problem.name, default: 0] += 1
        case .unstable(let why):
            tally.unstable += 1
            if tally.unstableExamples.count < 10 {
                tally.unstableExamples.append("\(why): \(Array(frame.payload.readableBytesView))")
            }
        }
    }
}
