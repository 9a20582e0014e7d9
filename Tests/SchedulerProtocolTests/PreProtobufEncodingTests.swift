import SchedulerProtocol
import Testing

/// Frames from peers of the release before the messages were generated from aisched.proto still read the same:
/// every sample, as the hand-written encoders wrote it, decodes to the sample, and today's encoding of the sample
/// is those very bytes (so older peers read ours too).
@Suite("Frames of the hand-written encoders")
struct PreProtobufEncodingTests {
    /// The samples as they were when the bytes were captured: messages added since are left out, and a message that
    /// has grown fields since is its sample of then (what a peer of that release sends).
    static let asCaptured: [MessageCase] = Samples.all.compactMap { message in
        guard PreProtobufEncodings.bytes[message.description] != nil else { return nil }
        return Samples.beforeTheyGrew.first { $0.description == message.description } ?? message
    }

    @Test("every message captured before the change decodes to the same value", arguments: asCaptured)
    func oldBytesDecode(_ message: MessageCase) throws {
        let old = try #require(PreProtobufEncodings.bytes[message.description], "no captured bytes for \(message)")
        #expect(try message.decodesToSample(old))
    }

    @Test("today's encoding of every sample is byte for byte the old one", arguments: asCaptured)
    func sameBytes(_ message: MessageCase) throws {
        let old = try #require(PreProtobufEncodings.bytes[message.description])
        #expect(message.sampleBytes == old)
    }

    @Test("the captured set covers every message type of the samples")
    func coverage() {
        #expect(PreProtobufEncodings.bytes.count == Self.asCaptured.count)
        #expect(Set(PreProtobufEncodings.bytes.keys).isSubset(of: Samples.all.map(\.description)))
    }
}
