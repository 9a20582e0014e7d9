/// Stable error codes carried in `ErrorReply` (documented in docs/PROTOCOL.md). New codes may be added;
/// a peer that sees an unknown code treats it as `internal`.
public struct RPCErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// The bytes are not a valid frame or payload.
    public static let badFrame = RPCErrorCode(rawValue: 1)
    /// The frame header names a protocol version this peer does not speak.
    public static let unsupportedVersion = RPCErrorCode(rawValue: 2)
    /// Missing, malformed, badly signed or expired token.
    public static let unauthenticated = RPCErrorCode(rawValue: 3)
    /// The token is valid but its role or user may not do this.
    public static let permissionDenied = RPCErrorCode(rawValue: 4)
    public static let notFound = RPCErrorCode(rawValue: 5)
    /// The request is well-formed but makes no sense (bad resources, empty command, ...).
    public static let invalidRequest = RPCErrorCode(rawValue: 6)
    /// The payload length in the header exceeds the peer's maximum frame size.
    public static let frameTooLarge = RPCErrorCode(rawValue: 7)
    /// A well-formed message that is not allowed at this point (e.g. a request before `hello`).
    public static let unexpectedMessage = RPCErrorCode(rawValue: 8)
    /// The server cannot take work now (its database is unhealthy, it is shutting down).
    public static let unavailable = RPCErrorCode(rawValue: 9)
    public static let `internal` = RPCErrorCode(rawValue: 10)
    /// The request conflicts with the object's state (e.g. releasing a job that is not held).
    public static let conflict = RPCErrorCode(rawValue: 11)

    public var description: String {
        switch rawValue {
        case 1: "badFrame"
        case 2: "unsupportedVersion"
        case 3: "unauthenticated"
        case 4: "permissionDenied"
        case 5: "notFound"
        case 6: "invalidRequest"
        case 7: "frameTooLarge"
        case 8: "unexpectedMessage"
        case 9: "unavailable"
        case 10: "internal"
        case 11: "conflict"
        default: "code(\(rawValue))"
        }
    }
}
