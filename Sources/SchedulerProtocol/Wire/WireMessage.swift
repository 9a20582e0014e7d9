import NIOCore
import SwiftProtobuf

/// A message payload: one of the types generated from `aisched.proto` (Sources/SchedulerProtocol/Generated/).
///
/// swift-protobuf does the encoding and decoding; this protocol adds the one way every peer uses it, so that all
/// of them decode hostile input alike: nesting is capped at ``maximumDepth``, fields this version does not know are
/// skipped rather than kept (a peer cannot make a receiver hold bytes it does not understand), and every failure is
/// a ``WireError`` naming the message, which is what the peer is told in its `badFrame` error. Decoding never
/// traps; frames are bounded before they get here (`FrameLimit`, `FrameDecoder`).
///
/// The conformances are generated with the types (`aisched+Names.swift`), one per message of the `.proto`.
public protocol WireMessage: SwiftProtobuf.Message {}

extension WireMessage {
    /// Nested messages deeper than this are refused. The deepest real path is three levels (JobList > JobInfo >
    /// JobSubmission); the limit guards the decoder's recursion against a stack-exhausting payload.
    public static var maximumDepth: Int { 16 }

    /// The message's name in `aisched.proto`, which is also its Swift name (`JobList`): for error texts and tables.
    public static var wireName: String {
        String(protoMessageName.split(separator: ".").last ?? Substring(protoMessageName))
    }

    private static var decodingOptions: BinaryDecodingOptions {
        var options = BinaryDecodingOptions()
        options.messageDepthLimit = maximumDepth
        options.discardUnknownFields = true
        return options
    }

    // MARK: Decoding

    /// Decodes a payload. Throws on malformed input; never traps.
    public init(wireBytes: some Collection<UInt8>) throws(WireError) {
        let bytes = wireBytes as? [UInt8] ?? Array(wireBytes)
        do {
            self = try Self(serializedBytes: bytes, options: Self.decodingOptions)
        } catch {
            throw WireError(decoding: Self.self, error)
        }
    }

    /// Decodes the readable bytes of `wireBuffer` (its reader index does not move).
    public init(wireBuffer: ByteBuffer) throws(WireError) {
        // swift-protobuf reads from contiguous Swift storage, not a ByteBuffer: one copy of the payload, which is
        // cheap next to decoding it.
        try self.init(wireBytes: wireBuffer.getBytes(at: wireBuffer.readerIndex, length: wireBuffer.readableBytes) ?? [])
    }

    // MARK: Encoding

    /// The encoded payload as an array.
    public func wireBytes() -> [UInt8] {
        do {
            return try serializedBytes()
        } catch {
            // Encoding a proto3 message fails only when it has required fields (ours have none) or is over 2 GiB,
            // which no frame carries (FrameDecoder's maximum is far below): reaching this is a bug in the caller.
            preconditionFailure("\(Self.self) could not be encoded: \(error)")
        }
    }

    /// The encoded payload in a new buffer.
    public func wireBuffer(allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        let bytes = wireBytes()
        var buffer = allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        return buffer
    }
}

extension ByteBuffer {
    /// Appends `message`'s encoding and returns the number of bytes written.
    @discardableResult
    public mutating func writeWireMessage(_ message: some WireMessage) -> Int {
        writeBytes(message.wireBytes())
    }
}
