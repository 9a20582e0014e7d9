import NIOCore

/// The fixed 20-byte header in front of every payload, all fields big-endian:
///
/// | offset | size | field          |
/// |-------:|-----:|----------------|
/// |      0 |    4 | magic "AISD"   |
/// |      4 |    2 | version        |
/// |      6 |    2 | kind           |
/// |      8 |    8 | request id     |
/// |     16 |    4 | payload length |
///
/// This type is only the layout; ``FrameDecoder`` decides which headers are acceptable.
public struct FrameHeader: Sendable, Hashable {
    /// "AISD" in ASCII. A fixed first word lets a peer reject a connection from something that is not
    /// an aisched client (an HTTP probe, a TLS handshake) after four bytes instead of misreading it.
    public static let magic: UInt32 = 0x4149_5344
    public static let size = 20

    public var magic: UInt32
    public var version: UInt16
    public var kind: MessageKind
    public var requestID: UInt64
    public var payloadLength: UInt32

    public init(
        magic: UInt32 = FrameHeader.magic,
        version: UInt16 = ProtocolVersion.current,
        kind: MessageKind,
        requestID: UInt64,
        payloadLength: UInt32
    ) {
        self.magic = magic
        self.version = version
        self.kind = kind
        self.requestID = requestID
        self.payloadLength = payloadLength
    }

    /// Appends the 20 header bytes.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(magic, version, kind.rawValue, requestID, payloadLength, endianness: .big)
    }

    /// Reads a header at the start of `buffer`'s readable bytes without consuming anything;
    /// nil while fewer than 20 bytes are there.
    public static func peek(in buffer: ByteBuffer) -> FrameHeader? {
        guard
            let (magic, version, kind, requestID, payloadLength) = buffer.getMultipleIntegers(
                at: buffer.readerIndex, endianness: .big,
                as: (UInt32, UInt16, UInt16, UInt64, UInt32).self
            )
        else { return nil }
        return FrameHeader(
            magic: magic, version: version, kind: MessageKind(rawValue: kind),
            requestID: requestID, payloadLength: payloadLength
        )
    }
}
