import NIOCore

/// Writes ``Frame``s to a byte stream. Put it in a pipeline as `MessageToByteHandler(FrameEncoder())`.
///
/// A frame whose payload is over `maximumPayloadBytes` fails its write with
/// ``FrameError/frameTooLarge(length:maximum:)`` instead of being sent, since the peer would only
/// reject it and close the connection; the sender can then answer with a smaller reply.
public struct FrameEncoder: MessageToByteEncoder {
    public typealias OutboundIn = Frame

    public let maximumPayloadBytes: Int

    public init(maximumPayloadBytes: Int = FrameDecoder.defaultMaximumPayloadBytes) {
        self.maximumPayloadBytes = maximumPayloadBytes
    }

    public func encode(data: Frame, out: inout ByteBuffer) throws {
        try data.write(to: &out, maximumPayloadBytes: maximumPayloadBytes)
    }
}
