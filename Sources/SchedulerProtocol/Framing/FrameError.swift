/// Why the byte stream could not be cut into frames. After any of these the stream cannot be trusted
/// to be in sync, so the connection must be closed after sending ``errorReply`` (with request id 0).
/// A frame whose payload does not decode is a different matter: see ``Frame/decode(_:)``.
public enum FrameError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The first four bytes are not "AISD".
    case badMagic(got: UInt32)
    /// The header names a protocol version this peer does not speak.
    case unsupportedVersion(got: UInt16)
    /// The payload length is over the receiver's maximum (or, when sending, over the sender's).
    case frameTooLarge(length: UInt64, maximum: Int)
    /// The connection ended in the middle of a frame.
    case truncated(have: Int, need: Int)

    /// The `error` payload to send back before closing.
    public var errorReply: ErrorReply {
        switch self {
        case .badMagic:
            // Whoever reads this sent something that is not an aisched frame (an HTTP or TLS client?).
            ErrorReply(
                code: .badFrame, message: "bad frame: \(description)",
                hint: "this port speaks the aisched protocol (docs/PROTOCOL.md); check the host and port")
        case .unsupportedVersion:
            ErrorReply(
                code: .unsupportedVersion, message: description,
                hint: "client and server must be of compatible releases; upgrade the older one")
        case .frameTooLarge:
            ErrorReply(
                code: .frameTooLarge, message: description,
                hint: "send less in one request (for example a shorter script or environment)")
        case .truncated:
            ErrorReply(code: .badFrame, message: "bad frame: \(description)")
        }
    }

    public var description: String {
        switch self {
        case let .badMagic(got):
            "expected magic 0x41495344 (\"AISD\"), got \(Self.hex(got)) (\(Self.ascii(got)))"
        case let .unsupportedVersion(got):
            "protocol version \(got) is not supported (the receiving peer speaks \(Self.versions))"
        case let .frameTooLarge(length, maximum):
            "frame payload of \(length) bytes exceeds the \(maximum)-byte maximum"
        case let .truncated(have, need):
            "connection closed in the middle of a frame (\(have) of \(need) bytes received)"
        }
    }

    private static var versions: String {
        let range = ProtocolVersion.supported
        return range.count == 1 ? "version \(range.lowerBound)" : "versions \(range.lowerBound)-\(range.upperBound)"
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// Printable ASCII shows what the peer is ("GET " is HTTP, 0x16030100 is TLS); other bytes as dots.
    private static func ascii(_ value: UInt32) -> String {
        let bytes = (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) }
        return "\"" + String(decoding: bytes.map { (0x20...0x7E).contains($0) ? $0 : UInt8(ascii: ".") }, as: UTF8.self) + "\""
    }
}
