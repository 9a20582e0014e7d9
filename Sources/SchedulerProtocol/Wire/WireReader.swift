/// Reads protobuf-encoded fields from a range of bytes, checking every length and value.
///
/// A reader only exists inside a decoding call (``WireMessage/init(wireBytes:)`` and friends), which
/// lends it the bytes for that call's duration: it views them through a raw pointer, so decoding
/// a nested message or a string does not copy or retain anything. Because the pointer is unchecked
/// in release builds, every access is preceded by an explicit bounds check against ``end``; nothing
/// here may trap or read out of range, whatever the input.
///
/// Typed readers (`readUInt64(_:)`, `readString(_:)`, …) take the wire type from the key and throw
/// ``WireError/Problem/wrongWireType(expected:got:)`` when it does not fit, so a `decodeField`
/// implementation is a plain `switch` over field numbers.
public struct WireReader {
    /// Nested messages deeper than this are rejected. The deepest real path is three levels
    /// (JobList > JobInfo > JobSubmission); the limit is a guard against stack exhaustion, since
    /// nested decoding recurses.
    public static let maximumDepth = 16

    private let bytes: UnsafeRawBufferPointer
    private var position: Int
    private let end: Int
    /// 1 for the top-level message.
    private let depth: Int

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        self.position = 0
        self.end = bytes.count
        self.depth = 1
    }

    private init(bytes: UnsafeRawBufferPointer, position: Int, end: Int, depth: Int) {
        self.bytes = bytes
        self.position = position
        self.end = end
        self.depth = depth
    }

    /// True when the current message has no bytes left.
    public var isAtEnd: Bool { position >= end }

    private var remaining: Int { end - position }

    // MARK: Primitives

    /// Reads one base-128 varint of up to 10 bytes.
    public mutating func readVarint() throws(WireError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw WireError(.truncatedVarint) }
            let byte = bytes[position]
            position += 1
            if shift == 63 {
                // The 10th byte may only contribute the 64th bit and must end the varint.
                guard byte <= 1 else { throw WireError(.varintOverflow) }
                return result | (UInt64(byte) << 63)
            }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    /// Reads a field key and splits it into field number and wire type.
    public mutating func readKey() throws(WireError) -> (field: UInt32, wireType: WireType) {
        let key = try readVarint()
        let fieldNumber = key >> 3
        // Protobuf field numbers are 1 ... 2^29 - 1; 0 is how a stray zero byte would read.
        guard fieldNumber >= 1, fieldNumber <= 0x1FFF_FFFF else {
            throw WireError(.invalidFieldNumber(fieldNumber))
        }
        let rawType = UInt8(truncatingIfNeeded: key & 7)
        guard let wireType = WireType(rawValue: rawType) else {
            throw WireError(.unknownWireType(rawType))
        }
        return (UInt32(truncatingIfNeeded: fieldNumber), wireType)
    }

    /// Reads a length prefix and returns the range it covers, checked against the end of the message.
    private mutating func readLengthDelimitedRange() throws(WireError) -> Range<Int> {
        let length = try readVarint()
        // Compare in UInt64 before converting: a huge length must not trap converting to Int.
        guard length <= UInt64(remaining) else {
            throw WireError(.lengthBeyondEnd(length: length, available: remaining))
        }
        let start = position
        position += Int(length)
        return start..<position
    }

    private mutating func skipBytes(_ count: Int) throws(WireError) {
        guard count <= remaining else {
            throw WireError(.lengthBeyondEnd(length: UInt64(count), available: remaining))
        }
        position += count
    }

    /// Skips the value of a field this message does not know: how forward compatibility works.
    /// Nested messages inside an unknown field are not parsed, so they do not count toward the depth.
    public mutating func skip(_ wireType: WireType) throws(WireError) {
        switch wireType {
        case .varint: _ = try readVarint()
        case .fixed64: try skipBytes(8)
        case .lengthDelimited: _ = try readLengthDelimitedRange()
        case .fixed32: try skipBytes(4)
        }
    }

    private func expect(_ expected: WireType, _ got: WireType) throws(WireError) {
        guard expected == got else { throw WireError(.wrongWireType(expected: expected, got: got)) }
    }

    // MARK: Scalars

    /// `uint64`.
    public mutating func readUInt64(_ wireType: WireType) throws(WireError) -> UInt64 {
        try expect(.varint, wireType)
        return try readVarint()
    }

    /// `uint32`; larger values are an error rather than silently truncated.
    public mutating func readUInt32(_ wireType: WireType) throws(WireError) -> UInt32 {
        let value = try readUInt64(wireType)
        guard let narrow = UInt32(exactly: value) else {
            throw WireError(.valueOutOfRange(value: value, type: "UInt32"))
        }
        return narrow
    }

    /// `uint32` on the wire, held in 16 bits (error codes).
    public mutating func readUInt16(_ wireType: WireType) throws(WireError) -> UInt16 {
        let value = try readUInt64(wireType)
        guard let narrow = UInt16(exactly: value) else {
            throw WireError(.valueOutOfRange(value: value, type: "UInt16"))
        }
        return narrow
    }

    /// `bool`. Any non-zero value is true, as in every protobuf implementation.
    public mutating func readBool(_ wireType: WireType) throws(WireError) -> Bool {
        try readUInt64(wireType) != 0
    }

    /// `int64` (two's complement varint).
    public mutating func readInt64(_ wireType: WireType) throws(WireError) -> Int64 {
        Int64(bitPattern: try readUInt64(wireType))
    }

    /// `sint32` (zigzag).
    public mutating func readZigZagInt32(_ wireType: WireType) throws(WireError) -> Int32 {
        let value = try readUInt64(wireType)
        // A zigzag Int32 occupies 32 bits; anything wider was not written by a sint32 encoder.
        guard let encoded = UInt32(exactly: value) else {
            throw WireError(.valueOutOfRange(value: value, type: "Int32"))
        }
        return Int32(bitPattern: (encoded >> 1) ^ (0 &- (encoded & 1)))
    }

    /// `sint64` (zigzag). Every 64-bit varint is a valid encoding, so there is nothing to range-check.
    public mutating func readZigZagInt64(_ wireType: WireType) throws(WireError) -> Int64 {
        let encoded = try readUInt64(wireType)
        return Int64(bitPattern: (encoded >> 1) ^ (0 &- (encoded & 1)))
    }

    // MARK: Length-delimited

    /// `string`: rejects invalid UTF-8 instead of repairing it, so what a peer sent is never silently changed.
    public mutating func readString(_ wireType: WireType) throws(WireError) -> String {
        try expect(.lengthDelimited, wireType)
        let range = try readLengthDelimitedRange()
        if range.isEmpty { return "" }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[range])
        guard let string = String(validating: slice.bindMemoryForUTF8(), as: UTF8.self) else {
            throw WireError(.invalidUTF8)
        }
        return string
    }

    /// `bytes`.
    public mutating func readBytes(_ wireType: WireType) throws(WireError) -> [UInt8] {
        try expect(.lengthDelimited, wireType)
        let range = try readLengthDelimitedRange()
        return [UInt8](UnsafeRawBufferPointer(rebasing: bytes[range]))
    }

    /// `repeated uint64`: appends one value if sent unpacked (wire type 0), all of a packed run if
    /// length-delimited. Protobuf requires readers to accept both forms.
    public mutating func readPacked(_ wireType: WireType, into values: inout [UInt64]) throws(WireError) {
        switch wireType {
        case .varint:
            values.append(try readVarint())
        case .lengthDelimited:
            var run = try packedRun()
            while !run.isAtEnd { values.append(try run.readVarint()) }
        default:
            throw WireError(.wrongWireType(expected: .lengthDelimited, got: wireType))
        }
    }

    /// `repeated uint32`, packed or not.
    public mutating func readPacked(_ wireType: WireType, into values: inout [UInt32]) throws(WireError) {
        switch wireType {
        case .varint:
            values.append(try readUInt32(.varint))
        case .lengthDelimited:
            var run = try packedRun()
            while !run.isAtEnd { values.append(try run.readUInt32(.varint)) }
        default:
            throw WireError(.wrongWireType(expected: .lengthDelimited, got: wireType))
        }
    }

    /// A reader confined to a packed run, so a varint cannot run past the run's declared end.
    private mutating func packedRun() throws(WireError) -> WireReader {
        let range = try readLengthDelimitedRange()
        return WireReader(bytes: bytes, position: range.lowerBound, end: range.upperBound, depth: depth)
    }

    /// A nested message, decoded into `message`: fields already set are overwritten and lists are
    /// appended to, which is protobuf's rule for a message field that appears more than once.
    public mutating func readMessage<M: WireMessage>(_ wireType: WireType, into message: inout M) throws(WireError) {
        try expect(.lengthDelimited, wireType)
        let range = try readLengthDelimitedRange()
        guard depth < Self.maximumDepth else {
            throw WireError(.nestingTooDeep(limit: Self.maximumDepth))
        }
        var nested = WireReader(bytes: bytes, position: range.lowerBound, end: range.upperBound, depth: depth + 1)
        try message.merge(from: &nested)
    }

    /// A nested message, starting from its wire defaults: the element form for repeated fields.
    public mutating func readMessage<M: WireMessage>(_ wireType: WireType, as type: M.Type = M.self) throws(WireError) -> M {
        var message = M.wireDefault
        try readMessage(wireType, into: &message)
        return message
    }
}

extension UnsafeRawBufferPointer {
    /// Views the bytes as UTF-8 code units. Bytes are layout-compatible with `UInt8`, and every
    /// view of this memory in the reader is as `UInt8`, so this binding cannot conflict with another.
    fileprivate func bindMemoryForUTF8() -> UnsafeBufferPointer<UInt8> {
        self.assumingMemoryBound(to: UInt8.self)
    }
}
