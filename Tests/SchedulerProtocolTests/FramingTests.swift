import NIOCore
import NIOEmbedded
import NIOTestUtils
import SchedulerProtocol
import Testing

@Suite("Framing")
struct FramingTests {
    static let hello = Frame(kind: .hello, requestID: 1, message: Hello(token: "tok", clientName: "aisubmit 0.1"))

    /// A mix of kinds, ids (including a server push) and payload sizes, including empty payloads.
    static let frames: [Frame] = [
        hello,
        Frame(kind: .welcome, requestID: 1, message: Welcome(user: "ada", role: "user", serverVersion: "schedd 0.1")),
        Frame(kind: .jobList, requestID: 2, message: JobList(jobs: Array(repeating: Samples.jobInfo, count: 20))),
        Frame(kind: .heartbeatAck, requestID: 3, message: Ack()),
        Frame(kind: .launchJob, requestID: Frame.serverPushBit | 1, message: Samples.launchJob),
        Frame.error(ErrorReply(code: .notFound, message: "no job 9"), requestID: 4),
        Frame(kind: MessageKind(rawValue: 999), requestID: .max, payload: ByteBuffer(bytes: [1, 2, 3])),
    ]

    static var streamBytes: [UInt8] { frames.flatMap { try! $0.bytes() } }

    /// Runs `bytes` through a decoder in the given chunks and returns the frames, or throws the decoder's error.
    static func decode(_ bytes: [UInt8], chunks: [Int], decoder: FrameDecoder = FrameDecoder()) throws -> [Frame] {
        let processor = NIOSingleStepByteToMessageProcessor(decoder)
        var frames: [Frame] = []
        var rest = bytes[...]
        var chunkIndex = 0
        while !rest.isEmpty {
            let size = max(1, chunks[chunkIndex % chunks.count])
            chunkIndex += 1
            try processor.process(buffer: ByteBuffer(bytes: rest.prefix(size))) { frames.append($0) }
            rest = rest.dropFirst(size)
        }
        try processor.finishProcessing(seenEOF: true) { frames.append($0) }
        return frames
    }

    // MARK: Layout

    @Test("a hello frame has the documented bytes")
    func helloBytes() throws {
        let bytes = try Self.hello.bytes()
        let header: [UInt8] = [
            0x41, 0x49, 0x53, 0x44,  // magic "AISD"
            0x00, 0x01,  // version 1
            0x00, 0x01,  // kind 1 = hello
            0, 0, 0, 0, 0, 0, 0, 0x01,  // request id 1
            0x00, 0x00, 0x00, 0x13,  // payload length 19
        ]
        let payload: [UInt8] = [0x0A, 0x03] + Array("tok".utf8) + [0x12, 0x0C] + Array("aisubmit 0.1".utf8)
        #expect(bytes == header + payload)
        #expect(FrameHeader.size == 20)
    }

    @Test("header fields are big-endian at their documented offsets")
    func headerLayout() {
        var buffer = ByteBuffer()
        FrameHeader(version: 0x0102, kind: MessageKind(rawValue: 0x0304), requestID: 0x0506_0708_090A_0B0C, payloadLength: 0x0D0E_0F10)
            .write(to: &buffer)
        #expect(Array(buffer.readableBytesView) == [0x41, 0x49, 0x53, 0x44, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16])
        #expect(FrameHeader.peek(in: buffer)?.requestID == 0x0506_0708_090A_0B0C)
    }

    // MARK: Decoding a stream

    @Test("frames decode fed in one piece, byte by byte, and in random chunks")
    func chunking() throws {
        let bytes = Self.streamBytes
        #expect(try Self.decode(bytes, chunks: [bytes.count]) == Self.frames)
        #expect(try Self.decode(bytes, chunks: [1]) == Self.frames)
        var rng = SplitMix64(seed: 0xA15C_4ED)
        for _ in 0..<50 {
            let chunks = (0..<16).map { _ in Int.random(in: 1...300, using: &rng) }
            #expect(try Self.decode(bytes, chunks: chunks) == Self.frames, "chunks \(chunks)")
        }
    }

    @Test("the decoder passes NIO's ByteToMessageDecoderVerifier")
    func verifier() throws {
        // The verifier drip-feeds every byte ten times through a channel, so leave out the big job list.
        let small = Self.frames.filter { $0.payload.readableBytes < 1_000 }
        #expect(small.count == Self.frames.count - 1)
        let pairs = small.map { frame in (ByteBuffer(bytes: try! frame.bytes()), [frame]) }
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) { FrameDecoder() }
    }

    @Test("encoder and decoder in channel pipelines agree")
    func pipelines() throws {
        let sender = EmbeddedChannel(handler: MessageToByteHandler(FrameEncoder()))
        let receiver = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder()))
        for frame in Self.frames { try sender.writeOutbound(frame) }
        while let bytes = try sender.readOutbound(as: ByteBuffer.self) { try receiver.writeInbound(bytes) }
        var received: [Frame] = []
        while let frame = try receiver.readInbound(as: Frame.self) { received.append(frame) }
        #expect(received == Self.frames)
        #expect(try received[2].decode(JobList.self).jobs.count == 20)
        #expect(try sender.finish().isClean)
        #expect(try receiver.finish().isClean)
    }

    // MARK: Rejections

    @Test("an oversized length is rejected after only the 20 header bytes")
    func oversized() throws {
        var header = ByteBuffer()
        FrameHeader(kind: .submitJob, requestID: 7, payloadLength: 99_999_999).write(to: &header)
        let headerBytes = Array(header.readableBytesView)

        let processor = NIOSingleStepByteToMessageProcessor(FrameDecoder())
        try processor.process(buffer: ByteBuffer(bytes: headerBytes.prefix(19))) { _ in Issue.record("frame from 19 bytes") }
        do {
            try processor.process(buffer: ByteBuffer(bytes: headerBytes.suffix(1))) { _ in Issue.record("frame") }
            Issue.record("no error after the header")
        } catch let error as FrameError {
            #expect(error == .frameTooLarge(length: 99_999_999, maximum: 4_194_304))
            #expect(error.errorReply.code == .frameTooLarge)
            #expect(error.errorReply.message == "frame payload of 99999999 bytes exceeds the 4194304-byte maximum")
        }
        #expect(processor.unprocessedBytes == 20, "nothing beyond the header was needed or buffered")
    }

    @Test("a payload exactly at the maximum is accepted; one byte more is not")
    func maximumBoundary() throws {
        let decoder = FrameDecoder(maximumPayloadBytes: 100)
        let atLimit = Frame(kind: .logChunk, requestID: 1, payload: ByteBuffer(bytes: Array(repeating: 7, count: 100)))
        #expect(try Self.decode(atLimit.bytes(), chunks: [33], decoder: decoder) == [atLimit])
        let over = Frame(kind: .logChunk, requestID: 1, payload: ByteBuffer(bytes: Array(repeating: 7, count: 101)))
        #expect(throws: FrameError.frameTooLarge(length: 101, maximum: 100)) {
            try Self.decode(over.bytes(), chunks: [1], decoder: decoder)
        }
    }

    @Test("an unsupported version is rejected as soon as the header is complete")
    func wrongVersion() throws {
        var frame = Self.hello
        frame.version = 2
        let bytes = try frame.bytes()
        let processor = NIOSingleStepByteToMessageProcessor(FrameDecoder())
        try processor.process(buffer: ByteBuffer(bytes: bytes.prefix(19))) { _ in }
        #expect(throws: FrameError.unsupportedVersion(got: 2)) {
            try processor.process(buffer: ByteBuffer(bytes: bytes[19..<20])) { _ in }
        }
        let reply = FrameError.unsupportedVersion(got: 2).errorReply
        #expect(reply.code == .unsupportedVersion)
        #expect(reply.message == "protocol version 2 is not supported (the receiving peer speaks version 1)")
        #expect(throws: FrameError.unsupportedVersion(got: 0)) {
            var v0 = Self.hello
            v0.version = 0
            return try Self.decode(v0.bytes(), chunks: [100])
        }
    }

    @Test("a bad magic is rejected after four bytes", arguments: [
        (Array("GET / HTTP/1.1\r\n".utf8), UInt32(0x4745_5420)),
        ([0x16, 0x03, 0x01, 0x02, 0x00], UInt32(0x1603_0102)),  // a TLS ClientHello
        ([0x44, 0x53, 0x49, 0x41], UInt32(0x4453_4941)),  // magic in the wrong byte order
    ])
    func badMagic(_ bytes: [UInt8], _ magic: UInt32) throws {
        let processor = NIOSingleStepByteToMessageProcessor(FrameDecoder())
        try processor.process(buffer: ByteBuffer(bytes: bytes.prefix(3))) { _ in }
        #expect(throws: FrameError.badMagic(got: magic)) {
            try processor.process(buffer: ByteBuffer(bytes: bytes.dropFirst(3))) { _ in }
        }
        #expect(FrameError.badMagic(got: magic).errorReply.code == .badFrame)
    }

    @Test("bad magic message shows what the peer sent")
    func badMagicMessage() {
        #expect(FrameError.badMagic(got: 0x4745_5420).errorReply.message
            == #"bad frame: expected magic 0x41495344 ("AISD"), got 0x47455420 ("GET ")"#)
        #expect(FrameError.badMagic(got: 0x1603_0100).description.hasSuffix(#"got 0x16030100 ("....")"#))
    }

    @Test("a connection that ends inside a frame reports it", arguments: [1, 19, 20, 25])
    func truncatedAtEOF(keep: Int) throws {
        let bytes = Array(try Self.hello.bytes().prefix(keep))
        #expect(throws: FrameError.truncated(have: keep, need: keep < 20 ? 20 : 39)) {
            try Self.decode(bytes, chunks: [7])
        }
    }

    // MARK: Frames and messages

    @Test("a payload that does not decode throws a WireError naming the message")
    func malformedPayload() throws {
        let frame = Frame(kind: .submitJob, requestID: 5, payload: ByteBuffer(bytes: [0x0A, 0x05]))
        #expect(throws: WireError(.truncated, message: "JobSubmission")) {
            try frame.decode(JobSubmission.self)
        }
        do {
            _ = try frame.decode(JobSubmission.self)
        } catch {
            #expect("\(error)" == "JobSubmission payload: truncated (the input ends inside a field)")
        }
    }

    @Test("an error frame carries the reply and request id")
    func errorFrame() throws {
        let reply = ErrorReply(code: .unauthenticated, message: "token expired", hint: "run `schedd token issue`")
        let frame = Frame.error(reply, requestID: 42)
        #expect(frame.kind == .error && frame.requestID == 42)
        #expect(try frame.decode(ErrorReply.self) == reply)
    }

    @Test("server pushes are marked by the high bit of the request id")
    func serverPush() {
        #expect(Frame(kind: .killJob, requestID: Frame.serverPushBit | 3, message: KillJob()).isServerPush)
        #expect(!Frame(kind: .heartbeat, requestID: 3, message: Heartbeat()).isServerPush)
    }

    @Test("the encoder refuses to send a payload over its maximum")
    func encoderLimit() throws {
        let channel = EmbeddedChannel(handler: MessageToByteHandler(FrameEncoder(maximumPayloadBytes: 10)))
        let big = Frame(kind: .logChunk, requestID: 1, payload: ByteBuffer(bytes: Array(repeating: 0, count: 11)))
        #expect(throws: FrameError.frameTooLarge(length: 11, maximum: 10)) { try channel.writeOutbound(big) }
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        _ = try? channel.finish()
    }

    @Test("FrameError maps to the documented error codes", arguments: [
        (FrameError.badMagic(got: 0), RPCErrorCode.badFrame),
        (.unsupportedVersion(got: 9), .unsupportedVersion),
        (.frameTooLarge(length: 5, maximum: 4), .frameTooLarge),
        (.truncated(have: 1, need: 20), .badFrame),
    ])
    func errorCodes(_ error: FrameError, _ code: RPCErrorCode) {
        #expect(error.errorReply.code == code)
        #expect(!error.errorReply.message.isEmpty)
    }
}
