import NIOCore

/// Cuts a byte stream into ``Frame``s. Put it in a pipeline as `ByteToMessageHandler(FrameDecoder())`.
///
/// It checks the header before waiting for the payload: a bad magic is rejected as soon as four
/// bytes are in, a wrong version or an oversized length as soon as the 20-byte header is. So a peer
/// that announces a 3 GB frame costs 20 bytes of buffer, not 3 GB. Errors are ``FrameError``s; after
/// one the stream is out of sync, and the owner should send `errorReply` and close.
public struct FrameDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = Frame

    /// 4 MiB: far above any real message (a `jobList` of a few thousand jobs, a 64 KiB log chunk), low
    /// enough that a misbehaving peer cannot make us buffer much.
    public static let defaultMaximumPayloadBytes = 4 * 1024 * 1024

    public let maximumPayloadBytes: Int
    /// A lower limit in force for now (before authentication, on the server); nil: `maximumPayloadBytes`.
    let limit: FrameLimit?

    /// - Parameter maximumPayloadBytes: larger payloads are rejected; clamped to 0...UInt32.max.
    /// - Parameter limit: when given, its current value applies instead, up to `maximumPayloadBytes`.
    public init(maximumPayloadBytes: Int = FrameDecoder.defaultMaximumPayloadBytes, limit: FrameLimit? = nil) {
        self.maximumPayloadBytes = min(max(maximumPayloadBytes, 0), Int(UInt32.max))
        self.limit = limit
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> Frame? {
        if let magic = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt32.self),
            magic != FrameHeader.magic
        {
            throw FrameError.badMagic(got: magic)
        }
        guard let header = FrameHeader.peek(in: buffer) else { return nil }
        guard ProtocolVersion.isSupported(header.version) else {
            throw FrameError.unsupportedVersion(got: header.version)
        }
        // The maximum is clamped to UInt32's range, so this conversion is exact.
        let maximum = min(limit?.bytes ?? maximumPayloadBytes, maximumPayloadBytes)
        guard header.payloadLength <= UInt32(maximum) else {
            throw FrameError.frameTooLarge(length: UInt64(header.payloadLength), maximum: maximum)
        }
        let payloadLength = Int(header.payloadLength)
        guard buffer.readableBytes - FrameHeader.size >= payloadLength else { return nil }

        buffer.moveReaderIndex(forwardBy: FrameHeader.size)
        // A slice shares the receive buffer's storage: no copy of the payload.
        guard let payload = buffer.readSlice(length: payloadLength) else { return nil }
        return Frame(kind: header.kind, requestID: header.requestID, version: header.version, payload: payload)
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> Frame? {
        if let frame = try decode(buffer: &buffer) { return frame }
        // Bytes left at EOF are a frame the peer never finished; say so instead of dropping them silently.
        if seenEOF && buffer.readableBytes > 0 {
            let need = FrameHeader.peek(in: buffer).map { FrameHeader.size + Int($0.payloadLength) } ?? FrameHeader.size
            let have = buffer.readableBytes
            buffer.moveReaderIndex(forwardBy: have)
            throw FrameError.truncated(have: have, need: need)
        }
        return nil
    }
}
