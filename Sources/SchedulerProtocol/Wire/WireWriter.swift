import NIOCore

/// Appends protobuf-encoded fields to a `ByteBuffer`.
///
/// Every `write…(_:field:)` method leaves a field holding its default value (0, false, "", empty)
/// out entirely, as proto3 does: readers start from all-default values, so the bytes would say
/// nothing, and an all-default message costs zero bytes. Repeated fields are the exception for
/// their *elements*: an empty string or an all-default message inside a list is still written,
/// or the list would lose entries.
///
/// The writer owns a `ByteBuffer` rather than a `[UInt8]` because frames carry their payload as a
/// `ByteBuffer`: encoding straight into one makes sending a message a single copy (into the socket
/// buffer), not two.
public struct WireWriter: Sendable {
    /// The bytes written so far (plus whatever the buffer held before).
    public private(set) var buffer: ByteBuffer

    /// Starts writing at the end of `buffer`'s existing content.
    public init(buffer: ByteBuffer) {
        self.buffer = buffer
    }

    /// Starts with an empty buffer. Most messages are small; the buffer grows by doubling when not.
    public init(allocator: ByteBufferAllocator = ByteBufferAllocator(), capacity: Int = 128) {
        self.buffer = allocator.buffer(capacity: capacity)
    }

    // MARK: Primitives

    /// The number of bytes `value` takes as a varint (1...10).
    public static func varintSize(_ value: UInt64) -> Int {
        // Each byte carries 7 bits; a zero still takes one byte.
        let significantBits = 64 - value.leadingZeroBitCount
        return significantBits == 0 ? 1 : (significantBits + 6) / 7
    }

    /// Appends a raw varint with no key. Use the field writers unless you are building a custom layout.
    public mutating func writeVarint(_ value: UInt64) {
        // One capacity check per varint instead of one per byte.
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 10) { out in
            Self.storeVarint(value, into: out, at: 0)
        }
    }

    /// Appends a field key: `(field << 3) | wireType`.
    public mutating func writeKey(field: UInt32, wireType: WireType) {
        writeVarint(Self.key(field: field, wireType: wireType))
    }

    static func key(field: UInt32, wireType: WireType) -> UInt64 {
        // UInt64 arithmetic: a 32-bit field number shifted by 3 cannot overflow 64 bits.
        (UInt64(field) << 3) | UInt64(wireType.rawValue)
    }

    /// Stores `value` as a varint at `offset` in `out` and returns the number of bytes used.
    /// The caller guarantees at least `varintSize(value)` bytes of room.
    static func storeVarint(_ value: UInt64, into out: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        var value = value
        var index = offset
        while value >= 0x80 {
            out[index] = UInt8(truncatingIfNeeded: value) | 0x80
            value >>= 7
            index += 1
        }
        out[index] = UInt8(truncatingIfNeeded: value)
        return index + 1 - offset
    }

    /// Key and varint value in one capacity check: the common case for scalar fields.
    mutating func writeVarintField(_ value: UInt64, field: UInt32) {
        let key = Self.key(field: field, wireType: .varint)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 20) { out in
            let keyBytes = Self.storeVarint(key, into: out, at: 0)
            return keyBytes + Self.storeVarint(value, into: out, at: keyBytes)
        }
    }

    mutating func writeLengthDelimitedHeader(field: UInt32, length: Int) {
        let key = Self.key(field: field, wireType: .lengthDelimited)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 20) { out in
            let keyBytes = Self.storeVarint(key, into: out, at: 0)
            return keyBytes + Self.storeVarint(UInt64(length), into: out, at: keyBytes)
        }
    }

    // MARK: Scalars

    /// `uint64`.
    public mutating func write(_ value: UInt64, field: UInt32) {
        if value != 0 { writeVarintField(value, field: field) }
    }

    /// `uint32`.
    public mutating func write(_ value: UInt32, field: UInt32) {
        if value != 0 { writeVarintField(UInt64(value), field: field) }
    }

    /// `uint32` on the wire; used for 16-bit codes such as `RPCErrorCode`.
    public mutating func write(_ value: UInt16, field: UInt32) {
        if value != 0 { writeVarintField(UInt64(value), field: field) }
    }

    /// `bool`: 1 for true, nothing for false.
    public mutating func write(_ value: Bool, field: UInt32) {
        if value { writeVarintField(1, field: field) }
    }

    /// `int64`: two's complement as a varint, so negative values take 10 bytes. Used for
    /// timestamps, which are never negative in practice; that is why they are not zigzag.
    public mutating func write(_ value: Int64, field: UInt32) {
        if value != 0 { writeVarintField(UInt64(bitPattern: value), field: field) }
    }

    /// `sint32`: zigzag, so small negative values (exit codes) stay one or two bytes.
    public mutating func writeZigZag(_ value: Int32, field: UInt32) {
        if value != 0 { writeVarintField(UInt64(Self.zigzag(value)), field: field) }
    }

    /// `sint64`: zigzag, for amounts that can go negative (a budget's remaining GPU-hours after an overrun).
    public mutating func writeZigZag(_ value: Int64, field: UInt32) {
        if value != 0 { writeVarintField(Self.zigzag(value), field: field) }
    }

    static func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    static func zigzag(_ value: Int32) -> UInt32 {
        // Shifts on fixed-width integers never trap; the arithmetic right shift spreads the sign bit.
        UInt32(bitPattern: (value << 1) ^ (value >> 31))
    }

    // MARK: Length-delimited

    /// `string`: UTF-8 bytes.
    public mutating func write(_ value: String, field: UInt32) {
        if !value.isEmpty { writeStringElement(value, field: field) }
    }

    mutating func writeStringElement(_ value: String, field: UInt32) {
        var value = value
        // Native strings are stored as UTF-8, so `utf8.count` is O(1) after this and the copy is a memcpy.
        value.makeContiguousUTF8()
        writeLengthDelimitedHeader(field: field, length: value.utf8.count)
        buffer.writeString(value)
    }

    /// `bytes`.
    public mutating func writeBytes(_ value: [UInt8], field: UInt32) {
        guard !value.isEmpty else { return }
        writeLengthDelimitedHeader(field: field, length: value.count)
        buffer.writeBytes(value)
    }

    /// `repeated string`: one field per element, empty strings included.
    public mutating func write(_ values: [String], field: UInt32) {
        for value in values { writeStringElement(value, field: field) }
    }

    /// `repeated uint64` packed: one length-delimited field holding the varints back to back.
    public mutating func writePacked(_ values: [UInt64], field: UInt32) {
        guard !values.isEmpty else { return }
        var length = 0
        for value in values { length += Self.varintSize(value) }
        writeLengthDelimitedHeader(field: field, length: length)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { out in
            var offset = 0
            for value in values { offset += Self.storeVarint(value, into: out, at: offset) }
            return offset
        }
    }

    /// `repeated uint32` packed.
    public mutating func writePacked(_ values: [UInt32], field: UInt32) {
        guard !values.isEmpty else { return }
        var length = 0
        for value in values { length += Self.varintSize(UInt64(value)) }
        writeLengthDelimitedHeader(field: field, length: length)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { out in
            var offset = 0
            for value in values { offset += Self.storeVarint(UInt64(value), into: out, at: offset) }
            return offset
        }
    }

    /// A singular nested message; left out when it encodes to nothing (all fields default).
    public mutating func writeMessage<M: WireMessage>(_ message: M, field: UInt32) {
        writeNested(message, field: field, omitIfEmpty: true)
    }

    /// `repeated` nested messages: one field per element, all-default elements included.
    public mutating func writeMessages<M: WireMessage>(_ messages: [M], field: UInt32) {
        for message in messages { writeNested(message, field: field, omitIfEmpty: false) }
    }

    /// Writes key, a length placeholder and the body, then fixes up the length.
    ///
    /// The body's size is unknown until it is written. Rather than encode twice (once to measure),
    /// we guess a one-byte length (bodies under 128 bytes, the usual case) and, when the guess is
    /// short, slide the body up by the few extra bytes the length needs: one `memmove` per nested
    /// message that is at least 128 bytes long.
    mutating func writeNested<M: WireMessage>(_ message: M, field: UInt32, omitIfEmpty: Bool) {
        let fieldStart = buffer.writerIndex
        let key = Self.key(field: field, wireType: .lengthDelimited)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 11) { out in
            let keySize = Self.storeVarint(key, into: out, at: 0)
            out[keySize] = 0  // length placeholder
            return keySize + 1
        }
        let lengthIndex = buffer.writerIndex - 1

        let bodyStart = buffer.writerIndex
        message.encode(to: &self)
        let bodyLength = buffer.writerIndex - bodyStart

        if bodyLength == 0 && omitIfEmpty {
            buffer.moveWriterIndex(to: fieldStart)
            return
        }
        let lengthSize = Self.varintSize(UInt64(bodyLength))
        if lengthSize > 1 {
            let extra = lengthSize - 1
            buffer.writeRepeatingByte(0, count: extra)
            let readerIndex = buffer.readerIndex
            buffer.withUnsafeMutableReadableBytes { bytes in
                // The buffer holds at least the body here, so it has a base address.
                guard let base = bytes.baseAddress else { return }
                // The ranges overlap; copyMemory is a memmove.
                (base + (bodyStart - readerIndex + extra))
                    .copyMemory(from: base + (bodyStart - readerIndex), byteCount: bodyLength)
            }
        }
        let relativeLengthIndex = lengthIndex - buffer.readerIndex
        buffer.withUnsafeMutableReadableBytes { bytes in
            _ = Self.storeVarint(UInt64(bodyLength), into: bytes, at: relativeLengthIndex)
        }
    }
}
