import NIOCore
import SchedulerProtocol
import Testing

/// Bounded, seeded fuzzing: random and mutated inputs may be rejected, but must never trap, and
/// whatever decodes must re-encode to something that decodes to the same value.
@Suite("Fuzz")
struct FuzzTests {
    /// Applies one random edit that a broken or hostile peer might produce.
    static func mutate(_ input: [UInt8], using rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        let edits = Int.random(in: 1...4, using: &rng)
        for _ in 0..<edits {
            let index = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0 where !bytes.isEmpty:  // flip one bit
                bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
            case 1 where !bytes.isEmpty:  // replace a byte, favouring boundary values
                bytes[index] = [0x00, 0x7F, 0x80, 0xFF, UInt8.random(in: 0...255, using: &rng)].randomElement(using: &rng)!
            case 2:  // insert random bytes
                bytes.insert(contentsOf: rng.bytes(count: Int.random(in: 1...4, using: &rng)), at: index)
            case 3 where !bytes.isEmpty:  // delete a run
                bytes.removeSubrange(index..<min(bytes.count, index + Int.random(in: 1...8, using: &rng)))
            case 4:  // truncate
                bytes = Array(bytes.prefix(index))
            case 5 where !bytes.isEmpty:  // duplicate a run (repeated fields, nested lengths now wrong)
                let end = min(bytes.count, index + Int.random(in: 1...16, using: &rng))
                bytes.insert(contentsOf: bytes[index..<end], at: end)
            default:  // a long varint of continuation bytes
                bytes.insert(contentsOf: Array(repeating: 0xFF, count: Int.random(in: 1...12, using: &rng)), at: index)
            }
        }
        return bytes
    }

    /// Feeds `bytes` to every message decoder and returns how many accepted it. A decode that
    /// succeeds must be stable; a rejection must be a described WireError. (`Issue.record` only on
    /// failure: an `#expect` per decode would dominate the run time.)
    static func decodeWithEveryType(_ bytes: [UInt8]) -> Int {
        var decoded = 0
        for message in Samples.all {
            do {
                if try !message.decodeStable(bytes) { Issue.record("\(message) unstable for \(bytes)") }
                decoded += 1
            } catch let error as WireError {
                if error.description.isEmpty { Issue.record("empty description for \(bytes)") }
            } catch {
                Issue.record("\(message): unexpected error \(error) for \(bytes)")
            }
        }
        return decoded
    }

    @Test("random bytes to every message decoder")
    func randomPayloads() {
        var rng = SplitMix64(seed: 1)
        var decoded = 0
        for _ in 0..<1_500 {
            decoded += Self.decodeWithEveryType(rng.bytes(count: Int.random(in: 0...48, using: &rng)))
        }
        // Sanity: the fuzzer is not only producing inputs that fail at the first byte.
        #expect(decoded > 500)
    }

    @Test("mutated valid payloads to every message decoder")
    func mutatedPayloads() {
        var rng = SplitMix64(seed: 2)
        for sample in Samples.all where !sample.sampleBytes.isEmpty {
            for _ in 0..<40 {
                _ = Self.decodeWithEveryType(Self.mutate(sample.sampleBytes, using: &rng))
            }
        }
    }

    @Test("random and mutated frames to the frame decoder")
    func frames() throws {
        var rng = SplitMix64(seed: 3)
        let valid = FramingTests.frames.filter { $0.payload.readableBytes < 2_000 }.map { try! $0.bytes() }
        let maximum = 4_096
        var outcomes: [String: Int] = [:]
        for round in 0..<3_000 {
            let input: [UInt8]
            switch round % 3 {
            case 0:  // noise, half of it behind a valid magic so the header checks get exercised
                let noise = rng.bytes(count: Int.random(in: 0...64, using: &rng))
                input = Bool.random(using: &rng) ? [0x41, 0x49, 0x53, 0x44] + noise : noise
            case 1:  // one mutated frame
                input = Self.mutate(valid.randomElement(using: &rng)!, using: &rng)
            default:  // a mutated stream of several frames
                input = Self.mutate((0..<3).flatMap { _ in valid.randomElement(using: &rng)! }, using: &rng)
            }
            let processor = NIOSingleStepByteToMessageProcessor(FrameDecoder(maximumPayloadBytes: maximum))
            var rest = input[...]
            do {
                while !rest.isEmpty {
                    let size = Int.random(in: 1...64, using: &rng)
                    try processor.process(buffer: ByteBuffer(bytes: rest.prefix(size))) { frame in
                        if frame.payload.readableBytes > maximum { Issue.record("oversized frame \(frame)") }
                        // Whatever payload came out, every message decoder must survive it.
                        if round % 10 == 0 { _ = Self.decodeWithEveryType(Array(frame.payload.readableBytesView)) }
                    }
                    rest = rest.dropFirst(size)
                }
                try processor.finishProcessing(seenEOF: true) { _ in }
                outcomes["ok", default: 0] += 1
            } catch let error as FrameError {
                if error.errorReply.message.isEmpty { Issue.record("empty message for \(error)") }
                outcomes["\(error.errorReply.code)", default: 0] += 1
            }
        }
        // Every kind of rejection was reached, and some mutated streams still decoded.
        #expect(Set(outcomes.keys) == ["ok", "badFrame", "unsupportedVersion", "frameTooLarge"], "\(outcomes)")
    }
}
