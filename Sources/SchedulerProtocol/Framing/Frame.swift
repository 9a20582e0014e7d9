import NIOCore

/// One message on a connection: header fields plus the still-encoded payload.
///
/// The payload stays a `ByteBuffer` until a handler knows which message type to expect from `kind`
/// and calls ``decode(_:)``; the decoder that cut the frame out of the stream does not need to know
/// about message types.
public struct Frame: Sendable, Equatable {
    public var kind: MessageKind
    /// Chosen by the sender of a request and echoed in its response, which is how pipelined requests
    /// are matched with responses that may come back in any order.
    public var requestID: UInt64
    public var version: UInt16
    public var payload: ByteBuffer

    /// Request ids with this bit set belong to requests the server starts (`launchJob`, `killJob`,
    /// `fetchLog`), so they never collide with ids the agent picks for its own requests on the same
    /// connection. Clients and agents number their requests from 1 without it.
    public static let serverPushBit: UInt64 = 0x8000_0000_0000_0000

    /// True for a request started by the server, and for the agent's response to one.
    public var isServerPush: Bool { requestID & Self.serverPushBit != 0 }

    public init(kind: MessageKind, requestID: UInt64, version: UInt16 = ProtocolVersion.current, payload: ByteBuffer) {
        self.kind = kind
        self.requestID = requestID
        self.version = version
        self.payload = payload
    }

    /// A frame carrying `message`, encoded now.
    public init(
        kind: MessageKind,
        requestID: UInt64,
        message: some WireMessage,
        allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) {
        self.init(kind: kind, requestID: requestID, payload: message.wireBuffer(allocator: allocator))
    }

    /// An `error` frame. Use request id 0 for errors about the connection rather than one request
    /// (a frame that could not be read has no trustworthy id).
    public static func error(_ reply: ErrorReply, requestID: UInt64) -> Frame {
        Frame(kind: .error, requestID: requestID, message: reply)
    }

    /// Decodes the payload as `M`. The caller picks `M` from `kind`; the frame does not check that the
    /// two agree, because some types serve several kinds (`Ack`, `ReadLog`, `JobIDList`).
    ///
    /// A `WireError` here is the sender's fault but leaves the stream in sync (the frame itself was
    /// fine), so the usual answer is an `error` frame with code `badFrame` and the same request id,
    /// keeping the connection open: `"malformed \(kind) payload: \(error)"`.
    public func decode<M: WireMessage>(_ type: M.Type = M.self) throws(WireError) -> M {
        try M(wireBuffer: payload)
    }

    /// The header this frame is sent with.
    public var header: FrameHeader {
        FrameHeader(
            version: version, kind: kind, requestID: requestID,
            payloadLength: UInt32(clamping: payload.readableBytes)
        )
    }

    /// Appends header and payload to `buffer`. Throws (and writes nothing) if the payload is over
    /// `maximumPayloadBytes`: better to fail the send here with a clear error than have the peer
    /// drop the connection.
    public func write(
        to buffer: inout ByteBuffer,
        maximumPayloadBytes: Int = FrameDecoder.defaultMaximumPayloadBytes
    ) throws(FrameError) {
        let length = payload.readableBytes
        guard length <= maximumPayloadBytes, length <= Int(UInt32.max) else {
            throw FrameError.frameTooLarge(length: UInt64(length), maximum: maximumPayloadBytes)
        }
        buffer.reserveCapacity(minimumWritableBytes: FrameHeader.size + length)
        header.write(to: &buffer)
        buffer.writeImmutableBuffer(payload)
    }

    /// The whole frame as bytes, for tests and non-NIO callers.
    public func bytes(maximumPayloadBytes: Int = FrameDecoder.defaultMaximumPayloadBytes) throws(FrameError) -> [UInt8] {
        var buffer = ByteBuffer()
        try write(to: &buffer, maximumPayloadBytes: maximumPayloadBytes)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }
}

extension Frame: CustomStringConvertible {
    public var description: String {
        "Frame(\(kind) #\(requestID), v\(version), \(payload.readableBytes) payload bytes)"
    }
}
