/// The low three bits of a protobuf field key: how the field's value is laid out, so that a reader can
/// skip a field it does not know without knowing its type.
///
/// Only the four wire types of proto3 exist here. The deprecated group markers (3 and 4) and the
/// unassigned values (6 and 7) are rejected with ``WireError/Problem/unknownWireType(_:)``: a group
/// cannot be skipped without parsing it, and nothing this protocol sends uses one.
public enum WireType: UInt8, Sendable, Hashable, CustomStringConvertible {
    /// A base-128 varint: integers, booleans, enum-like codes.
    case varint = 0
    /// Eight little-endian bytes. This protocol sends none, but skips them in unknown fields.
    case fixed64 = 1
    /// A varint byte count followed by that many bytes: strings, bytes, nested messages, packed varints.
    case lengthDelimited = 2
    /// Four little-endian bytes. This protocol sends none, but skips them in unknown fields.
    case fixed32 = 5

    public var description: String {
        switch self {
        case .varint: "varint"
        case .fixed64: "fixed64"
        case .lengthDelimited: "length-delimited"
        case .fixed32: "fixed32"
        }
    }
}
