import SchedulerProtocol
import Testing

/// Frames from peers of the release before the messages were generated from aisched.proto still read the same:
/// every sample, as the hand-written encoders wrote it, decodes to the sample, and today's encoding of the sample
/// is those very bytes (so older peers read ours too).
@Suite("Frames of the hand-written encoders")
struct PreProtobufEncodingTests {
    @Test("every message captured before the change decodes to the same value", arguments: Samples.all)
    func oldBytesDecode(_ message: MessageCase) throws {
        let old = try #require(PreProtobufEncodings.bytes[message.description], "no captured bytes for \(message)")
        #expect(try message.decodesToSample(old))
    }

    @Test("today's encoding of every sample is byte for byte the old one", arguments: Samples.all)
    func sameBytes(_ message: MessageCase) throws {
        let old = try #require(PreProtobufEncodings.bytes[message.description])
        #expect(message.sampleBytes == old)
    }

    @Test("the captured set covers every message type of the samples")
    func coverage() {
        #expect(PreProtobufEncodings.bytes.count == Samples.all.count)
        #expect(Set(PreProtobufEncodings.bytes.keys) == Set(Samples.all.map(\.description)))
    }
}
